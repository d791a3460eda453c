/**
 * The record schemas of a snapshot on `workos.events`: one record per entity WorkOS's state APIs
 * listed (Debezium's `op: "r"`, a read), and one completion record per (organization, entity
 * type) scope, so a consumer can find deletions by diffing what the snapshot listed against what
 * it holds. Both share the events topic with the events themselves, keyed exactly as that
 * entity's events, so an entity's snapshot row and its events stay in one partition, in order.
 *
 * They are told apart from events by the `workos-record-kind` header and by their `object` field
 * (`"snapshot_record"` / `"snapshot_completion"`; an event's is `"event"`). Registered under
 * their own subjects (`<topic>-snapshot_record`, `<topic>-snapshot_completion`), so the event envelope's schema lineage on
 * `<topic>-value` is untouched.
 */
import { isJsonObject } from '../core/workos-event.js';
import { JSON_SCHEMA_DRAFT_07, type JsonSchemaDocument } from './json-schema.js';

/** The entity types a snapshot lists, by the `object` name WorkOS gives them. */
export const SNAPSHOT_ENTITIES = [
  'organization',
  'user',
  'directory',
  'directory_user',
  'directory_group',
  'directory_group_membership',
  'organization_membership',
  'connection',
] as const;

/** One of {@link SNAPSHOT_ENTITIES}. */
export type SnapshotEntity = (typeof SNAPSHOT_ENTITIES)[number];

/** Value of the `workos-record-kind` header on every record the connector writes to the events topic. */
export type RecordKind = 'event' | 'snapshot' | 'snapshot-completion';

/** One entity as a snapshot read it. */
export interface SnapshotRecord {
  readonly object: 'snapshot_record';
  /** Debezium's read operation: this row was read, not changed. */
  readonly op: 'r';
  /** Identifies the snapshot run (`snapshot_<ULID>`); the same on its completion records. */
  readonly snapshot_id: string;
  /** When the snapshot began (ISO-8601), before it read anything; after its event cursor was stored. */
  readonly snapshot_started_at: string;
  readonly entity: SnapshotEntity;
  /** The scope the entity belongs to: its organization, or null for environment-wide types. */
  readonly organization_id: string | null;
  /** The entity exactly as the list endpoint returned it (snake_case, unknown fields kept). */
  readonly data: Readonly<Record<string, unknown>>;
}

/** The end of one (organization, entity type) scope of a snapshot. */
export interface SnapshotCompletion {
  readonly object: 'snapshot_completion';
  readonly snapshot_id: string;
  readonly snapshot_started_at: string;
  readonly entity: SnapshotEntity;
  /** The organization of the scope, or null for an environment-wide scope (every organization, every user). */
  readonly organization_id: string | null;
  /** Entities the scope listed. */
  readonly listed: number;
  /**
   * The scope's records are spread over this many partitions, and one copy of this completion
   * goes to each of them after the scope's last record there: a consumer acts on the scope once
   * it has seen every copy (`part` 0 … `parts - 1`), so every record of the scope is behind it.
   */
  readonly parts: number;
  readonly part: number;
}

const common = {
  snapshot_id: { type: 'string', minLength: 1 },
  snapshot_started_at: { type: 'string', minLength: 1, description: 'ISO-8601; rows written after it are never deleted by the diff.' },
  entity: { type: 'string', enum: [...SNAPSHOT_ENTITIES] },
  organization_id: { type: ['string', 'null'] },
};

/** JSON Schema (draft-07) of {@link SnapshotRecord}; other fields allowed for later additions. */
export const SNAPSHOT_RECORD_SCHEMA: JsonSchemaDocument = Object.freeze({
  $schema: JSON_SCHEMA_DRAFT_07,
  title: 'WorkOS snapshot record',
  description: 'One entity as a WorkOS list endpoint returned it during a snapshot (op "r").',
  type: 'object',
  required: ['object', 'op', 'snapshot_id', 'snapshot_started_at', 'entity', 'organization_id', 'data'],
  properties: {
    object: { const: 'snapshot_record' },
    op: { const: 'r' },
    ...common,
    data: { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1 } } },
  },
  additionalProperties: true,
});

/** JSON Schema (draft-07) of {@link SnapshotCompletion}. */
export const SNAPSHOT_COMPLETION_SCHEMA: JsonSchemaDocument = Object.freeze({
  $schema: JSON_SCHEMA_DRAFT_07,
  title: 'WorkOS snapshot scope completion',
  description: 'The end of one (organization, entity type) scope of a snapshot.',
  type: 'object',
  required: ['object', 'snapshot_id', 'snapshot_started_at', 'entity', 'organization_id', 'listed', 'parts', 'part'],
  properties: {
    object: { const: 'snapshot_completion' },
    ...common,
    listed: { type: 'integer', minimum: 0 },
    parts: { type: 'integer', minimum: 1 },
    part: { type: 'integer', minimum: 0 },
  },
  additionalProperties: true,
});

const ENTITY_NAMES: ReadonlySet<string> = new Set(SNAPSHOT_ENTITIES);

function hasCommonFields(value: Record<string, unknown>): boolean {
  return (
    typeof value.snapshot_id === 'string' &&
    value.snapshot_id !== '' &&
    typeof value.snapshot_started_at === 'string' &&
    !Number.isNaN(Date.parse(value.snapshot_started_at)) &&
    typeof value.entity === 'string' &&
    ENTITY_NAMES.has(value.entity) &&
    (value.organization_id === null || (typeof value.organization_id === 'string' && value.organization_id !== ''))
  );
}

/** Whether `value` is a usable {@link SnapshotRecord} (the schema's rules, without ajv). */
export function isSnapshotRecord(value: unknown): value is SnapshotRecord {
  return (
    isJsonObject(value) &&
    value.object === 'snapshot_record' &&
    value.op === 'r' &&
    hasCommonFields(value) &&
    isJsonObject(value.data) &&
    typeof value.data.id === 'string' &&
    value.data.id !== ''
  );
}

/** Whether `value` is a usable {@link SnapshotCompletion}. */
export function isSnapshotCompletion(value: unknown): value is SnapshotCompletion {
  if (!isJsonObject(value) || value.object !== 'snapshot_completion' || !hasCommonFields(value)) return false;
  const { listed, parts, part } = value;
  return (
    Number.isInteger(listed) &&
    (listed as number) >= 0 &&
    Number.isInteger(parts) &&
    (parts as number) >= 1 &&
    Number.isInteger(part) &&
    (part as number) >= 0 &&
    (part as number) < (parts as number)
  );
}

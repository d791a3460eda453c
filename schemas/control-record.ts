/**
 * The record schema of `workos.connector-control` values: requests to a running connector, keyed
 * by connector name, in the spirit of Debezium's signalling table. Plain JSON (the topic is
 * written by operators' tools as much as by this project), one partition, so requests are taken
 * in the order they were made.
 *
 * Today there is one kind: a snapshot request, for the whole environment or one organization.
 * A connector ignores kinds it does not know, so a newer tool cannot stop an older connector.
 */
import { isJsonObject } from '../core/workos-event.js';
import { JSON_SCHEMA_DRAFT_07, type JsonSchemaDocument } from './json-schema.js';

/** A request for a snapshot of WorkOS state, taken once the connector has caught up with the events. */
export interface SnapshotRequest {
  readonly type: 'snapshot';
  /** `snapreq_<ULID>`; the snapshot it starts carries it (`request_id` in the cursor's snapshot fields). */
  readonly request_id: string;
  /** Connector name; equals the record key. */
  readonly connector: string;
  /** One organization, or null for every organization and user. */
  readonly organization_id: string | null;
  /** When it was requested (ISO-8601). */
  readonly requested_at: string;
  /** Who asked: `snapshot` command, `reconcile --repair`, … (free text, for the logs). */
  readonly requested_by: string;
}

/** JSON Schema (draft-07) of {@link SnapshotRequest}. */
export const CONTROL_RECORD_SCHEMA: JsonSchemaDocument = Object.freeze({
  $schema: JSON_SCHEMA_DRAFT_07,
  title: 'WorkOS connector control request',
  type: 'object',
  required: ['type', 'request_id', 'connector', 'organization_id', 'requested_at', 'requested_by'],
  properties: {
    type: { const: 'snapshot' },
    request_id: { type: 'string', minLength: 1 },
    connector: { type: 'string', minLength: 1 },
    organization_id: { type: ['string', 'null'], minLength: 1 },
    requested_at: { type: 'string', minLength: 1 },
    requested_by: { type: 'string' },
  },
  additionalProperties: true,
});

/** Why `value` is not a usable snapshot request, or an empty list when it is. */
export function snapshotRequestProblems(value: unknown): string[] {
  if (!isJsonObject(value)) return ['not a JSON object'];
  const problems: string[] = [];
  if (value.type !== 'snapshot') problems.push(`type must be "snapshot", got ${JSON.stringify(value.type)}`);
  for (const field of ['request_id', 'connector', 'requested_at'] as const) {
    if (typeof value[field] !== 'string' || value[field] === '') problems.push(`${field} must be a non-empty string`);
  }
  if (typeof value.requested_at === 'string' && Number.isNaN(Date.parse(value.requested_at))) problems.push('requested_at must be an ISO-8601 time');
  const org = value.organization_id;
  if (org !== null && (typeof org !== 'string' || org === '')) problems.push('organization_id must be a non-empty string or null');
  if (typeof value.requested_by !== 'string') problems.push('requested_by must be a string');
  return problems;
}

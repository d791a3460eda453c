/**
 * The record schema of `workos.cursor` values (a compacted topic keyed by connector name): where
 * the connector resumes. Written in the same Kafka transaction as the page it follows.
 */
import { JSON_SCHEMA_DRAFT_07, type JsonSchemaDocument } from './json-schema.js';
import { isJsonObject } from '../core/workos-event.js';

/**
 * One cursor position. Three shapes, by which fields are null:
 * - `event_id` set: resume with `after=event_id`. `event_created_at` is that event's
 *   `created_at`, kept for lag and retention alerts.
 * - `event_id` null, `event_created_at` set: a position by time only (a start timestamp was
 *   configured and no event has been published since); resume with `range_start`.
 * - both null: no position; the connector applies its configured start position.
 */
export interface CursorRecord {
  /** Connector name; equals the record key. */
  connector: string;
  /** Id of the last event published, or null when the position is a timestamp. */
  event_id: string | null;
  /** `created_at` of that event as WorkOS sent it, or the resume timestamp (ISO-8601). */
  event_created_at: string | null;
  /** When the connector wrote this record, ISO-8601 UTC. */
  written_at: string;
}

/**
 * JSON Schema (draft-07) of {@link CursorRecord}. All four keys are required (null is explicit,
 * never omitted) and other fields are allowed so a newer connector can add some without breaking
 * an older reader.
 */
export const CURSOR_RECORD_SCHEMA: JsonSchemaDocument = Object.freeze({
  $schema: JSON_SCHEMA_DRAFT_07,
  title: 'WorkOS connector cursor',
  description: 'Where a connector resumes reading WorkOS events.',
  type: 'object',
  required: ['connector', 'event_id', 'event_created_at', 'written_at'],
  properties: {
    connector: { type: 'string', minLength: 1 },
    event_id: { type: ['string', 'null'], minLength: 1 },
    event_created_at: { type: ['string', 'null'], minLength: 1 },
    written_at: { type: 'string', minLength: 1 },
  },
  additionalProperties: true,
});

/** Whether `value` is a usable cursor record (the same rules as the schema, without ajv). */
export function isCursorRecord(value: unknown): value is CursorRecord {
  if (!isJsonObject(value)) return false;
  const nullableString = (v: unknown): boolean => v === null || (typeof v === 'string' && v !== '');
  return (
    typeof value.connector === 'string' &&
    value.connector !== '' &&
    nullableString(value.event_id) &&
    nullableString(value.event_created_at) &&
    typeof value.written_at === 'string' &&
    value.written_at !== ''
  );
}

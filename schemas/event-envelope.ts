/**
 * The record schema of `workos.events` values: the raw WorkOS event object, unchanged.
 * Registered under the subject `<topic>-value` (TopicNameStrategy) when a registry is configured.
 */
import { JSON_SCHEMA_DRAFT_07, type JsonSchemaDocument } from './json-schema.js';

/**
 * JSON Schema (draft-07) of an event value. Deliberately loose: it pins only what every event
 * has and what keys and headers are computed from, and allows any other field
 * (`additionalProperties: true`) so new WorkOS fields and event names pass through unchanged.
 * - `id`, `event`, `created_at`: required strings. `created_at` has no `format`: fixtures carry
 *   non-ISO timestamps such as `2020-05-06 04:21:48.649164`.
 * - `data`: required object.
 * - `object`: optional string (`"event"`), kept so the value is byte-for-byte what WorkOS sent.
 * - `context`: optional; object, or null should WorkOS ever send null, so such an event is still
 *   published rather than blocking the stream.
 * - `organization_id`: optional string or null; WorkOS does not send it today (the org id lives
 *   inside `data`), but the partition key honours it first if it ever appears.
 */
export const EVENT_ENVELOPE_SCHEMA: JsonSchemaDocument = Object.freeze({
  $schema: JSON_SCHEMA_DRAFT_07,
  title: 'WorkOS event',
  description: 'One event exactly as GET /events returned it (snake_case, unknown fields kept).',
  type: 'object',
  required: ['id', 'event', 'created_at', 'data'],
  properties: {
    object: { type: 'string', description: 'Always "event".' },
    id: { type: 'string', minLength: 1, description: 'event_<ULID>; stable, equal to the webhook id.' },
    event: { type: 'string', minLength: 1, description: 'Event name, e.g. dsync.user.created.' },
    created_at: { type: 'string', minLength: 1, description: 'When WorkOS created the event.' },
    organization_id: { type: ['string', 'null'] },
    data: { type: 'object', description: 'Payload; its shape depends on the event name.' },
    context: { type: ['object', 'null'], description: 'Free-form: client_id, actor, previous_attributes, …' },
  },
  additionalProperties: true,
});

/**
 * The shape of one WorkOS event exactly as `GET /events` returns it: snake_case, unknown fields
 * kept. Shared by the connector (keys, headers) and the schemas (record value), so it lives in
 * the core both import from.
 */

/** A JSON object as parsed from the wire. */
export type JsonObject = { [key: string]: unknown };

/** One raw WorkOS event. Only the fields the project reads are named; the rest pass through. */
export interface RawWorkosEvent {
  /** Always `"event"` when present. */
  object?: string;
  /** `event_<ULID>`; stable, equal to the webhook id. */
  id: string;
  /** The event name, e.g. `dsync.user.created`. */
  event: string;
  /** ISO-8601 in current API answers; older fixtures use `2020-05-06 04:21:48.649164`. */
  created_at: string;
  /** The payload object, shape per event name. */
  data: JsonObject;
  /** Free-form and optional (`client_id`, `actor`, `previous_attributes`, …). */
  context?: JsonObject | null;
  /** Not sent by WorkOS today; honoured first by the partition key if it ever is. */
  organization_id?: string | null;
  [field: string]: unknown;
}

/** True for a non-null, non-array object. */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Whether `value` has the fields every event must have: non-empty string `id`, `event` and
 * `created_at`, and an object `data`. Returns the names of what is missing or wrong (empty = ok).
 */
export function rawEventProblems(value: unknown): string[] {
  if (!isJsonObject(value)) return ['event is not a JSON object'];
  const problems: string[] = [];
  for (const field of ['id', 'event', 'created_at'] as const) {
    const v = value[field];
    if (typeof v !== 'string' || v === '') problems.push(`${field} must be a non-empty string`);
  }
  if (!isJsonObject(value.data)) problems.push('data must be an object');
  return problems;
}

/** Type guard over {@link rawEventProblems}. */
export function isRawWorkosEvent(value: unknown): value is RawWorkosEvent {
  return rawEventProblems(value).length === 0;
}

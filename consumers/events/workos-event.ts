/**
 * The raw WorkOS event as the connector puts it on `workos.events`: exactly what `GET /events`
 * returned, snake_case, unknown fields kept. Consumers validate only what they rely on.
 */
import { ConnectorError } from '../../core/errors.js';
import { parseTimestampUs } from '../../core/workos-timestamp.js';

/** A raw WorkOS event (`{object:"event", id, event, created_at, data, context?}`). */
export interface WorkosEvent {
  readonly object?: 'event';
  readonly id: string;
  readonly event: string;
  readonly created_at: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly context?: unknown;
  readonly [extra: string]: unknown;
}

/** A validated event plus its parsed creation time. */
export interface ParsedEvent {
  readonly event: WorkosEvent;
  /** `created_at` in epoch microseconds. */
  readonly createdAtUs: number;
}

/**
 * Checks that a decoded record value is a WorkOS event the consumers can use. Throws a
 * non-retriable `INVALID_EVENT` (the runtime dead-letters it) naming every problem found.
 */
export function parseWorkosEvent(value: unknown): ParsedEvent {
  const problems: string[] = [];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalid(['value is not a JSON object'], undefined);
  }
  const candidate = value as Record<string, unknown>;
  if (typeof candidate.id !== 'string' || candidate.id === '') problems.push('id must be a non-empty string');
  if (typeof candidate.event !== 'string' || candidate.event === '') problems.push('event must be a non-empty string');
  const createdAtUs = parseTimestampUs(candidate.created_at);
  if (createdAtUs === undefined) problems.push(`created_at is not a timestamp: ${JSON.stringify(candidate.created_at)}`);
  const { data } = candidate;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) problems.push('data must be an object');
  if (problems.length > 0 || createdAtUs === undefined) {
    throw invalid(problems, typeof candidate.id === 'string' ? candidate.id : undefined);
  }
  return { event: candidate as unknown as WorkosEvent, createdAtUs };
}

function invalid(problems: string[], eventId: string | undefined): ConnectorError {
  return new ConnectorError(`Not a usable WorkOS event: ${problems.join('; ')}`, {
    code: 'INVALID_EVENT',
    retriable: false,
    context: { eventId, reason: 'invalid-event' },
  });
}

import { ConnectorError } from '../core/errors.js';
import { rawEventProblems, type RawWorkosEvent } from '../core/workos-event.js';

export type { RawWorkosEvent } from '../core/workos-event.js';

/**
 * Checks the few fields the connector relies on (id for the cursor, event for headers,
 * created_at for lag). A page holding an event without them stops the connector: advancing past
 * it would skip data, and publishing it would give consumers nothing to order or dedupe on.
 */
export function asRawWorkosEvent(value: unknown, position: number): RawWorkosEvent {
  const problems = rawEventProblems(value);
  if (problems.length > 0) {
    const id = (value as { id?: unknown } | null)?.id;
    throw new ConnectorError(`WorkOS returned a malformed event at position ${position} of a page: ${problems.join(', ')}`, {
      code: 'INVALID_EVENT',
      context: { eventId: typeof id === 'string' ? id : undefined },
    });
  }
  return value as RawWorkosEvent;
}

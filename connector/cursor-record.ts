import { ConnectorError } from '../core/errors.js';
import { isCursorRecord, type CursorRecord } from '../schemas/cursor-record.js';

export type { CursorRecord } from '../schemas/cursor-record.js';

/** Validates a decoded cursor value; a broken one stops the connector rather than guess a position. */
export function parseCursorRecord(value: unknown): CursorRecord {
  if (!isCursorRecord(value)) {
    throw new ConnectorError(`stored cursor is unusable: ${JSON.stringify(value)}`, { code: 'CURSOR_INVALID' });
  }
  return value;
}

/** A cursor pointing after `event`. */
export function cursorAfter(connector: string, event: { id: string; created_at: string }, now = new Date()): CursorRecord {
  return { connector, event_id: event.id, event_created_at: event.created_at, written_at: now.toISOString() };
}

/** A cursor that starts reading at `at` (no event seen yet). */
export function cursorAtTime(connector: string, at: Date, now = new Date()): CursorRecord {
  return { connector, event_id: null, event_created_at: at.toISOString(), written_at: now.toISOString() };
}

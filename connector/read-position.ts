import type { CursorRecord } from './cursor-record.js';
import type { PageRequest } from './events-reader.js';
import { nextWindowStartMs, parseWorkosTimestamp, planWindow } from './time-windows.js';

/**
 * Where the next request reads from. After an event: `after=<id>`. Before the first event: a
 * time window starting at `startMs`, at most 30 days long; open-ended once it reaches now.
 */
export type ReadPosition = { readonly kind: 'after'; readonly eventId: string } | { readonly kind: 'time'; readonly startMs: number };

/** The position a stored cursor stands for. */
export function positionFromCursor(cursor: CursorRecord): ReadPosition {
  if (cursor.event_id) return { kind: 'after', eventId: cursor.event_id };
  return { kind: 'time', startMs: parseWorkosTimestamp(cursor.event_created_at ?? '') ?? Date.now() };
}

/** The request for `position` at time `nowMs`; never carries both `after` and `range_start`. */
export function requestFor(position: ReadPosition, nowMs: number): PageRequest {
  if (position.kind === 'after') return { after: position.eventId };
  const window = planWindow({ startMs: position.startMs, nowMs });
  return window.rangeEnd === undefined ? { rangeStart: window.rangeStart } : { rangeStart: window.rangeStart, rangeEnd: window.rangeEnd };
}

/**
 * After an empty answer: the next window when the empty one was closed (more history to walk),
 * or null when it was open-ended (caught up; poll again later from the same place). Windows are
 * only walked while empty: the first event found switches reading to `after`.
 */
export function nextEmptyWindow(position: ReadPosition, nowMs: number): ReadPosition | null {
  if (position.kind === 'after') return null;
  const window = planWindow({ startMs: position.startMs, nowMs });
  return window.reachesNow ? null : { kind: 'time', startMs: nextWindowStartMs(window) };
}

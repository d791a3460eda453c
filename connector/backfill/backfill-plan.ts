/**
 * Pure planning of a parallel backfill: the time between the cursor and now, cut into windows
 * that can be read side by side (each one page after another, `range_start`/`range_end` first,
 * then `after`+`range_end`), and published strictly in order. Consecutive windows overlap by a
 * second, because WorkOS does not document whether range bounds are inclusive; the events read
 * twice are dropped before publishing (see `dropAlreadyPublished`).
 */
import type { PageRequest } from '../events-reader.js';
import { DEFAULT_MAX_WINDOW_MS, DEFAULT_WINDOW_OVERLAP_MS } from '../time-windows.js';

/** One window of the backfill, epoch ms. */
export interface BackfillWindow {
  readonly index: number;
  readonly startMs: number;
  readonly endMs: number;
}

/**
 * Windows from `fromMs` to `toMs`: at least `count`, more when the span needs them to stay
 * within WorkOS's 30-day range, all of one length.
 */
export function planBackfillWindows(fromMs: number, toMs: number, count: number, maxWindowMs = DEFAULT_MAX_WINDOW_MS): BackfillWindow[] {
  const span = Math.max(0, toMs - fromMs);
  const n = Math.max(1, count, Math.ceil(span / maxWindowMs));
  const length = Math.ceil(span / n);
  return Array.from({ length: n }, (_, index) => ({ index, startMs: fromMs + index * length, endMs: Math.min(toMs, fromMs + (index + 1) * length) }));
}

/** The first request of a window: the first one continues after the cursor's event when there is one. */
export function firstRequest(window: BackfillWindow, afterEventId: string | null): PageRequest {
  const rangeEnd = new Date(window.endMs).toISOString();
  if (window.index === 0 && afterEventId !== null) return { after: afterEventId, rangeEnd };
  const startMs = window.index === 0 ? window.startMs : window.startMs - DEFAULT_WINDOW_OVERLAP_MS;
  return { rangeStart: new Date(startMs).toISOString(), rangeEnd };
}

/** The request for the page after `lastEventId` in `window`. */
export function nextRequest(window: BackfillWindow, lastEventId: string): PageRequest {
  return { after: lastEventId, rangeEnd: new Date(window.endMs).toISOString() };
}

/** `events` without those already published (read twice where windows overlap). */
export function dropAlreadyPublished<T extends { id: string }>(events: readonly T[], published: ReadonlySet<string>): T[] {
  return events.filter((event) => !published.has(event.id));
}

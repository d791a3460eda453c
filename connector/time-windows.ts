/**
 * Pure planning for reading WorkOS by time: which `range_start`/`range_end` to ask for next when
 * resuming from a timestamp, and lenient parsing of the timestamps WorkOS and its fixtures use.
 * WorkOS answers at most 30 days per ranged request, so history is walked oldest-first in
 * windows; the window that reaches "now" is left open-ended, and after it the connector follows
 * `after=<last event id>` instead.
 */
import { parseTimestampMs } from '../core/workos-timestamp.js';

/** Longest window WorkOS serves per request: 30 days, in ms. */
export const DEFAULT_MAX_WINDOW_MS = 30 * 24 * 60 * 60 * 1000;

/**
 * How much consecutive windows overlap, in ms (default 1 000). WorkOS does not document whether
 * range bounds are inclusive; overlapping can only repeat an event (consumers dedupe by event
 * id), while abutting windows could skip one that sits exactly on the boundary.
 */
export const DEFAULT_WINDOW_OVERLAP_MS = 1_000;

/** One planned request window. */
export interface TimeWindow {
  /** ISO-8601 UTC, for the `range_start` query parameter. */
  rangeStart: string;
  /** ISO-8601 UTC for `range_end`; undefined when the window reaches now (open-ended). */
  rangeEnd: string | undefined;
  startMs: number;
  /** Planned end, epoch ms; equals `nowMs` for the open-ended window. */
  endMs: number;
  /** True when this is the last window: after it, follow `after=<last event id>`. */
  reachesNow: boolean;
}

/** Inputs of {@link planWindow}. Times are epoch milliseconds. */
export interface WindowPlanInput {
  startMs: number;
  nowMs: number;
  /** Default {@link DEFAULT_MAX_WINDOW_MS}; must be > 0. */
  maxWindowMs?: number;
}

/**
 * The window to request next when reading from `startMs`. A start in the future (clock skew) is
 * treated as now, so the answer is an open-ended window that simply finds nothing yet.
 */
export function planWindow({ startMs, nowMs, maxWindowMs = DEFAULT_MAX_WINDOW_MS }: WindowPlanInput): TimeWindow {
  if (!Number.isFinite(startMs) || !Number.isFinite(nowMs)) throw new RangeError('startMs and nowMs must be finite epoch milliseconds');
  if (!(maxWindowMs > 0)) throw new RangeError(`maxWindowMs must be > 0, got ${maxWindowMs}`);
  const start = Math.min(startMs, nowMs);
  const reachesNow = nowMs - start <= maxWindowMs;
  const endMs = reachesNow ? nowMs : start + maxWindowMs;
  return {
    rangeStart: new Date(start).toISOString(),
    rangeEnd: reachesNow ? undefined : new Date(endMs).toISOString(),
    startMs: start,
    endMs,
    reachesNow,
  };
}

/** Where the window after `window` starts: its end minus the overlap (never before its start). */
export function nextWindowStartMs(window: TimeWindow, overlapMs: number = DEFAULT_WINDOW_OVERLAP_MS): number {
  return Math.max(window.startMs + 1, window.endMs - Math.max(0, overlapMs));
}

/** Every window from `startMs` to `nowMs`, oldest first (for planning displays and tests). */
export function planWindows(input: WindowPlanInput & { overlapMs?: number }): TimeWindow[] {
  const windows: TimeWindow[] = [];
  let startMs = input.startMs;
  for (;;) {
    const window = planWindow({ ...input, startMs });
    windows.push(window);
    if (window.reachesNow) return windows;
    startMs = nextWindowStartMs(window, input.overlapMs);
  }
}

/** Epoch ms of a WorkOS timestamp, or null when it cannot be read (see `core/workos-timestamp.ts`). */
export function parseWorkosTimestamp(text: string): number | null {
  return parseTimestampMs(text) ?? null;
}

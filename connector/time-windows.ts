/**
 * Pure planning for reading WorkOS by time: which `range_start`/`range_end` to ask for next when
 * resuming from a timestamp, and lenient parsing of the timestamps WorkOS and its fixtures use.
 * WorkOS answers at most 30 days per ranged request, so history is walked oldest-first in
 * windows; the window that reaches "now" is left open-ended, and after it the connector follows
 * `after=<last event id>` instead.
 */

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

// date, then optional time with `T` or a space, optional fraction, optional zone (Z, ±hh:mm, ±hhmm, ±hh).
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Epoch ms of a WorkOS timestamp, or null when it cannot be read. Accepts ISO-8601 with `Z` or an
 * offset, and the zone-less fixture forms `2020-05-06 04:21:48.649164` and
 * `2023-04-28 20:05:31.093`, which are read as UTC. Fractions beyond milliseconds are truncated.
 */
export function parseWorkosTimestamp(text: string): number | null {
  const m = TIMESTAMP.exec(text.trim());
  if (m === null) return null;
  const [, y, mo, d, h = '0', mi = '0', s = '0', frac = '', zone] = m;
  const ms = Number(frac.slice(0, 3).padEnd(3, '0'));
  const utc = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s), ms);
  const check = new Date(utc);
  // Date.UTC rolls 2023-02-30 over to March; a rollover means the text named no real instant.
  const fields = [check.getUTCMonth() + 1, check.getUTCDate(), check.getUTCHours(), check.getUTCMinutes(), check.getUTCSeconds()];
  if (fields.some((value, i) => value !== Number([mo, d, h, mi, s][i]))) return null;
  return utc - zoneOffsetMs(zone);
}

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return sign * (hours * 60 + minutes) * 60_000;
}

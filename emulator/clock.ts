/**
 * The emulator's notion of "now". Retention, the open end of time ranges and the default
 * `created_at` of appended events all read it, so tests can freeze or move time.
 */

/** Source of the current time. */
export interface Clock {
  /** Current time as Unix epoch milliseconds. */
  now(): number;
}

/** A {@link Clock} the test moves by hand. */
export interface ManualClock extends Clock {
  /** Jumps to an absolute time (epoch ms, ISO string or Date). */
  set(time: TimeInput): void;
  /** Moves forward (or backward, with a negative value) by `ms` milliseconds. */
  advance(ms: number): void;
}

/** A point in time as epoch milliseconds, an ISO-8601 string or a Date. */
export type TimeInput = number | string | Date;

/** The wall clock (`Date.now()`). */
export const systemClock: Clock = { now: () => Date.now() };

/**
 * Converts a {@link TimeInput} to epoch milliseconds.
 * @throws RangeError when a string does not parse.
 */
export function toEpochMs(time: TimeInput): number {
  const ms = typeof time === 'number' ? time : typeof time === 'string' ? Date.parse(time) : time.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`invalid time: ${String(time)}`);
  return Math.floor(ms);
}

/**
 * `new Date(ms).toISOString()` with a one-entry memo: generators format the same instant several
 * times in a row (event time, `created_at`, `updated_at`) and toISOString is comparatively slow.
 */
export function isoString(ms: number): string {
  if (ms !== lastIsoMs) {
    lastIsoMs = ms;
    lastIso = new Date(ms).toISOString();
  }
  return lastIso;
}
let lastIsoMs = Number.NaN;
let lastIso = '';

/**
 * A frozen clock that only moves when told to.
 * @param start initial time; defaults to the wall clock at creation.
 */
export function createManualClock(start: TimeInput = Date.now()): ManualClock {
  let current = toEpochMs(start);
  return {
    now: () => current,
    set: (time) => {
      current = toEpochMs(time);
    },
    advance: (ms) => {
      current += ms;
    },
  };
}

/**
 * A clock that runs at wall-clock speed but shifted by `offsetMs`, e.g. "it is 45 days later".
 * @param offsetMs added to `Date.now()`; negative values move into the past.
 */
export function createOffsetClock(offsetMs: number): Clock {
  return { now: () => Date.now() + offsetMs };
}

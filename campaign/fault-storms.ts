/**
 * Bursts of WorkOS failures from the emulator: 429 storms (Retry-After in seconds, absent, or an
 * HTTP date) and 5xx storms (500 and 502 with an nginx-style HTML body), a few requests long, at
 * random intervals. What was actually served is read from `emulator.stats` afterwards.
 */
import type { Fault, FaultController, Rng } from '../emulator/index.js';

/** The kinds of storm, by name (the JSON report counts bursts per kind). */
export const STORM_KINDS: Readonly<Record<string, Fault>> = Object.freeze({
  '429 Retry-After: 1': { type: 'rate-limit', retryAfter: 1 },
  '429 Retry-After: 2': { type: 'rate-limit', retryAfter: 2 },
  '429 no Retry-After': { type: 'rate-limit', retryAfter: null },
  '429 Retry-After: <HTTP date>': { type: 'rate-limit', retryAfter: 'http-date' },
  '500 HTML': { type: 'server-error', status: 500 },
  '502 HTML': { type: 'server-error', status: 502 },
});

/** Running storms. */
export interface FaultStorms {
  /** Bursts scheduled, by kind. */
  readonly bursts: Readonly<Record<string, number>>;
  /** Stops scheduling and drops faults not yet served. */
  stop(): void;
}

/**
 * Schedules a burst of 1–4 faulty answers; the next comes `gapMs` (±50 %) after the burst has
 * been served. Consecutive failures grow the connector's
 * backoff (up to 10 s), so bursts that overlapped would starve it instead of testing it.
 */
export function startFaultStorms(faults: FaultController, rng: Rng, gapMs: number): FaultStorms {
  const bursts: Record<string, number> = {};
  const kinds = Object.keys(STORM_KINDS);
  let nextAt = Date.now() + gapMs * (0.5 + rng.next());
  let outstanding = false;
  const timer = setInterval(() => {
    if (faults.pending > 0) return;
    if (outstanding) {
      // The gap runs from the moment the last burst was fully served, not from when it was scheduled.
      outstanding = false;
      nextAt = Date.now() + gapMs * (0.5 + rng.next());
    }
    if (Date.now() < nextAt) return;
    const kind = rng.pick(kinds);
    faults.schedule(STORM_KINDS[kind] as Fault, rng.int(1, 4));
    bursts[kind] = (bursts[kind] ?? 0) + 1;
    outstanding = true;
  }, 250);
  return {
    bursts,
    stop() {
      clearInterval(timer);
      faults.clear();
    },
  };
}

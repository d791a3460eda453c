/**
 * Where an event's end-to-end latency goes: from its append to the `GET /events` answer that first
 * carried it (the wait for a poll, plus the request), and from that answer to its rows in the
 * mirror (the connector's transaction, the consumer's fetch, the mirror's write, the bench's poll
 * gap). With the doorbell the first part is the one its pacing decides.
 */
import type { ProgressLog, OfferedEvents } from './visibility.js';

/** Per event both parts, ms; events not served or not seen are left out. */
export interface LatencySplit {
  readonly toServedMs: readonly number[];
  readonly servedToVisibleMs: readonly number[];
}

/** Splits the latencies of `offered`, given when each was first served (same order). */
export function splitLatencies(offered: OfferedEvents, servedAtMs: readonly (number | null)[], log: ProgressLog): LatencySplit {
  const toServedMs: number[] = [];
  const servedToVisibleMs: number[] = [];
  offered.ids.forEach((id, i) => {
    const served = servedAtMs[i];
    const seen = log.seenAt(offered.partitions[i] as number, id);
    if (served === null || served === undefined || seen === undefined) return;
    toServedMs.push(served - (offered.visibleAtMs[i] as number));
    servedToVisibleMs.push(seen - served);
  });
  return { toServedMs, servedToVisibleMs };
}

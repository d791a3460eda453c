/**
 * When did each offered event become visible in the mirror? The mirror writes an event's rows and
 * its partition's progress row (`last_event_id`) in one transaction, and applies a partition in
 * order; event ids sort in stream order. So an event is visible from the first poll whose
 * progress for its partition reached its id. Rows alone would not do: a later update of the same
 * entity can overwrite a row before any poll saw it.
 *
 * The poller only records when each partition's progress advanced; times are resolved afterwards,
 * so an event reported by the emulator after its progress was already seen is still timed right.
 */
import { lowerBound } from '../core/lower-bound.js';
import { percentile } from './stats.js';

/** The events one load level offered, column-wise (compact over IPC). */
export interface OfferedEvents {
  readonly ids: readonly string[];
  /** Wall-clock ms at which the emulator made each event visible to `GET /events`. */
  readonly visibleAtMs: readonly number[];
  /** The events-topic partition each event goes to. */
  readonly partitions: readonly number[];
}

/** One partition's progress as the mirror stored it. */
export interface ProgressRow {
  readonly partition: number;
  readonly eventId: string;
}

/** How regularly the poller polled: its resolution. */
export interface PollPace {
  readonly polls: number;
  readonly meanGapMs: number;
  readonly p99GapMs: number;
  readonly maxGapMs: number;
}

interface Advances {
  readonly atMs: number[];
  readonly eventIds: string[];
}

/** The advances of every partition's progress, as seen by a poller, plus the poller's own pace. */
export class ProgressLog {
  private readonly partitions = new Map<number, Advances>();
  private lastPollAtMs: number | undefined;
  private readonly gapsMs: number[] = [];

  /** Records one poll that returned `rows` at wall-clock `atMs`; only advances are kept. */
  observe(rows: readonly ProgressRow[], atMs: number): void {
    if (this.lastPollAtMs !== undefined) this.gapsMs.push(atMs - this.lastPollAtMs);
    this.lastPollAtMs = atMs;
    for (const row of rows) {
      let advances = this.partitions.get(row.partition);
      if (advances === undefined) {
        advances = { atMs: [], eventIds: [] };
        this.partitions.set(row.partition, advances);
      }
      // A rebalance can re-apply older events and move the row back: keep the running maximum.
      const highest = advances.eventIds.at(-1);
      if (highest === undefined || row.eventId > highest) {
        advances.atMs.push(atMs);
        advances.eventIds.push(row.eventId);
      }
    }
  }

  /** The highest event id applied in `partition` so far, or undefined. */
  applied(partition: number): string | undefined {
    return this.partitions.get(partition)?.eventIds.at(-1);
  }

  /** Wall-clock ms of the first poll that saw `partition` at `eventId` or beyond, or undefined. */
  seenAt(partition: number, eventId: string): number | undefined {
    const advances = this.partitions.get(partition);
    if (advances === undefined) return undefined;
    return advances.atMs[lowerBound(advances.eventIds.length, (i) => (advances.eventIds[i] as string) < eventId)];
  }

  /** Polls so far, and the time between two consecutive polls (mean, p99, largest), ms. */
  pace(): PollPace {
    const gaps = this.gapsMs;
    return {
      polls: this.lastPollAtMs === undefined ? 0 : gaps.length + 1,
      meanGapMs: gaps.length === 0 ? Number.NaN : gaps.reduce((sum, gap) => sum + gap, 0) / gaps.length,
      p99GapMs: percentile(gaps, 99),
      maxGapMs: percentile(gaps, 100),
    };
  }
}

/** The last offered event id of each partition (what the progress must reach for all to be visible). */
export function lastIdPerPartition(events: OfferedEvents): Map<number, string> {
  const last = new Map<number, string>();
  events.ids.forEach((id, i) => {
    const partition = events.partitions[i] as number;
    const current = last.get(partition);
    if (current === undefined || id > current) last.set(partition, id);
  });
  return last;
}

/** Whether every partition's progress in `log` reached its id in `lastIds` (see {@link lastIdPerPartition}). */
export function allVisible(lastIds: ReadonlyMap<number, string>, log: ProgressLog): boolean {
  for (const [partition, id] of lastIds) {
    const applied = log.applied(partition);
    if (applied === undefined || applied < id) return false;
  }
  return true;
}

/**
 * Latency of each event that became visible (poll time − emulator time, ms), and how many never
 * did; only the events the emulator appended at or after `fromMs` when given.
 */
export function visibilityLatencies(events: OfferedEvents, log: ProgressLog, fromMs = -Infinity): { latenciesMs: number[]; unseen: number } {
  const latenciesMs: number[] = [];
  let unseen = 0;
  events.ids.forEach((id, i) => {
    if ((events.visibleAtMs[i] as number) < fromMs) return;
    const seen = log.seenAt(events.partitions[i] as number, id);
    if (seen === undefined) unseen += 1;
    else latenciesMs.push(seen - (events.visibleAtMs[i] as number));
  });
  return { latenciesMs, unseen };
}

/**
 * Per-key concurrency inside one partition: records of different keys (organizations) run at the
 * same time, records of one key strictly one after another in offset order, at most
 * `maxInFlight` at once. A partition's records are mostly independent of each other; only one
 * key's records must keep their order, so a slow record (a side effect to a slow receiver) need
 * not hold up every other organization behind it.
 *
 * Offsets: Kafka keeps one committed offset per partition, so a finished record may be resolved
 * only when every record before it is finished too. The scheduler reports the end of the
 * contiguous finished prefix, never past the lowest unfinished record: a crash at any moment
 * redelivers everything not yet finished, and nothing is skipped.
 *
 * Stopping: once a record is interrupted, fails unexpectedly, or `mustStop()` says so (shutdown,
 * a rebalance), no new record starts; those in flight end (or are interrupted through the
 * handler's signal), and only the finished prefix is resolved. Records finished past an
 * unfinished one are delivered again later, which the handlers' idempotence absorbs.
 */
import { IndexHeap } from './index-heap.js';
import type { RecordOutcome } from './process-record.js';

/** A record's key for scheduling: its bytes, or null for a record without key (all such records form one key). */
export type SchedulingKey = string | null;

/** The scheduling key of a Kafka record key: `latin1` maps each byte to one character, so distinct keys stay distinct. */
export function schedulingKeyOf(key: Buffer | null): SchedulingKey {
  return key === null ? null : key.toString('latin1');
}

/** What {@link processByKey} needs. */
export interface ProcessByKeyOptions<R> {
  /** Consecutive records of one partition, in offset order. */
  readonly records: readonly R[];
  readonly keyOf: (record: R) => SchedulingKey;
  /** Most records in flight at once (≥ 1). */
  readonly maxInFlight: number;
  /** Processes one record to its end; `interrupted` means it did not finish. */
  readonly process: (record: R) => Promise<RecordOutcome>;
  /** True when no further record may start (shutdown, rebalance). */
  readonly mustStop: () => boolean;
  /**
   * Called, one call at a time, with the last record of the finished prefix each time the prefix
   * grows: every record up to it is finished, so its offset may be resolved and committed.
   */
  readonly finishedThrough: (record: R) => Promise<void>;
}

/** One record's ending, as the scheduler collects it (a rejection becomes `error`). */
type Ending = { readonly index: number; readonly outcome: RecordOutcome } | { readonly index: number; readonly error: unknown };

/**
 * Runs `records` with per-key concurrency. Resolves true when every record finished, false when
 * it stopped early (the caller must not go on with later records of the partition). Rejects with
 * the first unexpected error of `process` or `finishedThrough`, after the records in flight ended.
 */
export async function processByKey<R>(options: ProcessByKeyOptions<R>): Promise<boolean> {
  const { records, maxInFlight } = options;
  if (!(Number.isInteger(maxInFlight) && maxInFlight >= 1)) throw new RangeError(`maxInFlight must be an integer ≥ 1, got ${maxInFlight}`);
  // Per key, the positions still to start, in order; the heap holds the next position of every key
  // that has nothing in flight.
  const pending = new Map<SchedulingKey, number[]>();
  const ready = new IndexHeap();
  records.forEach((record, index) => {
    const key = options.keyOf(record);
    const queue = pending.get(key);
    if (queue === undefined) {
      pending.set(key, []);
      ready.push(index);
    } else {
      queue.push(index);
    }
  });
  const keys = records.map((record) => options.keyOf(record));
  const finished = new Array<boolean>(records.length).fill(false);
  const inFlight = new Map<number, Promise<Ending>>();
  let prefix = 0;
  let stopping = false;
  let failure: { readonly error: unknown } | undefined;

  const start = (index: number): void => {
    const ending = options.process(records[index] as R).then(
      (outcome): Ending => ({ index, outcome }),
      (error: unknown): Ending => ({ index, error }),
    );
    inFlight.set(index, ending);
  };

  for (;;) {
    while (!stopping && inFlight.size < maxInFlight && ready.size > 0) {
      if (options.mustStop()) {
        stopping = true;
        break;
      }
      start(ready.pop() as number);
    }
    if (inFlight.size === 0) break;
    const ending = await Promise.race(inFlight.values());
    inFlight.delete(ending.index);
    if ('error' in ending) {
      failure ??= { error: ending.error };
      stopping = true;
      continue;
    }
    if (ending.outcome === 'interrupted') {
      stopping = true;
      continue;
    }
    finished[ending.index] = true;
    const next = pending.get(keys[ending.index] as SchedulingKey)?.shift();
    if (next !== undefined) ready.push(next);
    const before = prefix;
    while (prefix < records.length && finished[prefix] === true) prefix += 1;
    if (prefix > before && failure === undefined) {
      try {
        await options.finishedThrough(records[prefix - 1] as R);
      } catch (error) {
        failure = { error };
        stopping = true;
      }
    }
  }
  if (failure !== undefined) throw failure.error;
  return prefix === records.length;
}

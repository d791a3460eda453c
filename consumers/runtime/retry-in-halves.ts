/**
 * What happens to a batch whose batch-handler call failed: it is tried again in halves, each half
 * as one call, and only a run of at most `perRecordAt` records goes through the per-record path
 * (retries, dead letters). One poison record in a batch of n then costs about 2·log2(n / perRecordAt)
 * batch calls and `perRecordAt` single ones, not n single transactions: on PostgreSQL, where a
 * transaction per event runs at a few hundred events/s, a poison record in a batch of 2,000 held
 * its partition for seconds. A half that succeeds is done (its offset moves on) before the next
 * half starts, so records stay in partition order and none is handled twice.
 */
import type { BatchOutcome } from './process-batch.js';
import type { ConsumedRecord } from './record-types.js';

/** Runs of at most this many records that failed as a batch go one record at a time. */
export const PER_RECORD_AT = 64;

/** Everything {@link retryInHalves} needs. */
export interface RetryInHalvesDeps {
  /** One batch-handler call over `records` (consecutive, one partition). */
  tryBatch(records: readonly ConsumedRecord[]): Promise<BatchOutcome>;
  /** The batch handler handled everything through `record`: its offset may move past it. */
  handledThrough(record: ConsumedRecord): Promise<void>;
  /** The per-record path over `records`; false when the batch must stop here. */
  perRecord(records: readonly ConsumedRecord[]): Promise<boolean>;
  /** Whether to stop before the next call (shutdown, rebalance). */
  mustStop(): boolean;
  /** Default {@link PER_RECORD_AT}. */
  perRecordAt?: number;
}

/** Handles `records`, whose batch call just failed; false when the batch must stop here. */
export async function retryInHalves(records: readonly ConsumedRecord[], deps: RetryInHalvesDeps): Promise<boolean> {
  if (records.length <= Math.max(1, deps.perRecordAt ?? PER_RECORD_AT)) return deps.perRecord(records);
  const middle = Math.ceil(records.length / 2);
  for (const half of [records.slice(0, middle), records.slice(middle)]) {
    if (deps.mustStop()) return false;
    const outcome = await deps.tryBatch(half);
    if (outcome === 'interrupted') return false;
    if (outcome === 'handled') {
      await deps.handledThrough(half[half.length - 1] as ConsumedRecord);
      continue;
    }
    if (!(await retryInHalves(half, deps))) return false;
  }
  return true;
}

/**
 * A run of consecutive records of one partition through a batch handler: decode every record,
 * then one handler call (for the mirror, one database transaction instead of one per event).
 * Nothing is retried or dead-lettered here: when anything fails, the caller tries the records
 * again in halves and hands the last small runs to `processRecord` one by one
 * (`retry-in-halves.ts`), which isolates the bad record, retries and dead-letters it exactly as
 * without batching. A batch handler is all-or-nothing, so that second pass is safe.
 */
import type { Logger } from 'pino';
import type { BatchHeartbeat } from './batch-heartbeat.js';
import { decodeRecord } from './process-record.js';
import type { BatchHandler, ConsumedRecord, DecodedRecord, RecordDecoder } from './record-types.js';

/** `failed`: hand the records to the per-record path. `interrupted`: shutdown came first. */
export type BatchOutcome = 'handled' | 'failed' | 'interrupted';

/** Everything {@link processBatch} needs. */
export interface ProcessBatchDeps<T> {
  decode: RecordDecoder<T>;
  batchHandler: BatchHandler<T>;
  heartbeat: BatchHeartbeat;
  signal: AbortSignal;
  logger: Logger;
}

/** Processes `records` (consecutive, one partition) with one batch-handler call. */
export async function processBatch<T>(records: readonly ConsumedRecord[], deps: ProcessBatchDeps<T>): Promise<BatchOutcome> {
  if (deps.signal.aborted) return 'interrupted';
  try {
    const decoded: DecodedRecord<T>[] = [];
    for (const record of records) decoded.push({ record, value: await decodeRecord(record, deps.decode) });
    await deps.batchHandler(decoded, { signal: deps.signal, heartbeat: deps.heartbeat });
    return 'handled';
  } catch (err) {
    if (deps.signal.aborted) return 'interrupted';
    const first = records[0];
    deps.logger.warn(
      { err, topic: first?.topic, partition: first?.partition, fromOffset: first?.offset, records: records.length },
      'batch failed; trying its records again in halves, then one by one',
    );
    return 'failed';
  }
}

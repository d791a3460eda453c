/**
 * One record, start to finish: decode, run the handler, retry retriable failures in place with
 * backoff (heartbeating while waiting), dead-letter the record when it cannot succeed. The
 * partition never moves past a record that was neither handled nor dead-lettered.
 */
import type { Logger } from 'pino';
import { ConnectorError, findRetryAfterMs, isRetriable } from '../../core/errors.js';
import { computeBackoffDelay, type RetryPolicy } from '../../core/retry.js';
import type { BatchHeartbeat } from './batch-heartbeat.js';
import { lazyHeaders, type ConsumedRecord, type RecordDecoder, type RecordHandler } from './record-types.js';

/** How a record ended. `interrupted`: shutdown came first; its offset must not be resolved. */
export type RecordOutcome = 'handled' | 'dead-lettered' | 'interrupted';

/** Everything {@link processRecord} needs. */
export interface ProcessRecordDeps<T> {
  decode: RecordDecoder<T>;
  handler: RecordHandler<T>;
  policy: Readonly<RetryPolicy>;
  heartbeat: BatchHeartbeat;
  signal: AbortSignal;
  logger: Logger;
  /** Writes the record to the dead-letter topic; retried here until it succeeds or shutdown. */
  deadLetter: (record: ConsumedRecord, err: unknown, attempts: number) => Promise<void>;
}

/** Longest single sleep between heartbeats while backing off, ms. */
const HEARTBEAT_SLICE_MS = 1_000;

/** Processes `record`; see {@link RecordOutcome}. */
export async function processRecord<T>(record: ConsumedRecord, deps: ProcessRecordDeps<T>): Promise<RecordOutcome> {
  const { policy, signal } = deps;
  // A pino child with redaction costs ~80 µs; build it only when a record actually fails.
  const log = (): Logger => deps.logger.child({ topic: record.topic, partition: record.partition, offset: record.offset });
  let previousDelayMs = 0;
  for (let attempt = 1; ; attempt += 1) {
    if (signal.aborted) return 'interrupted';
    try {
      const value = await decodeRecord(record, deps.decode);
      await deps.handler(value, { record, attempt, signal, heartbeat: deps.heartbeat });
      return 'handled';
    } catch (err) {
      // Work cut short by shutdown is not a failure of the record: the next owner redoes it.
      if (signal.aborted) return 'interrupted';
      if (!isRetriable(err) || attempt >= policy.maxAttempts) {
        log().error({ err, attempt }, 'record failed; dead-lettering');
        return (await deadLetterUntilDone(record, err, attempt, deps)) ? 'dead-lettered' : 'interrupted';
      }
      // The partition may be moving to another member: let the owner after the rebalance retry it.
      if (deps.heartbeat.rebalancing) return 'interrupted';
      const delayMs = findRetryAfterMs(err) ?? computeBackoffDelay(policy, attempt, previousDelayMs, Math.random);
      previousDelayMs = delayMs;
      log().warn({ err, attempt, delayMs }, 'record failed; retrying in place');
      if (!(await waitWithHeartbeats(delayMs, deps))) return 'interrupted';
    }
  }
}

/** Decodes a record value; every failure but an explicitly retriable one becomes a non-retriable `DECODE_FAILED`. */
export async function decodeRecord<T>(record: ConsumedRecord, decode: RecordDecoder<T>): Promise<T> {
  if (record.value === null) {
    throw new ConnectorError('Record has no value', { code: 'DECODE_FAILED', retriable: false, context: { reason: 'null-value' } });
  }
  try {
    return await decode(record.value, lazyHeaders(record));
  } catch (err) {
    // Only an explicit retriable verdict (registry unreachable) is retried; bad bytes never get better.
    if (err instanceof ConnectorError && err.retriable) throw err;
    if (err instanceof ConnectorError && err.code === 'DECODE_FAILED') throw err;
    throw new ConnectorError(`Record value could not be decoded: ${err instanceof Error ? err.message : String(err)}`, {
      code: 'DECODE_FAILED',
      retriable: false,
      cause: err,
    });
  }
}

/** Dead-letters with retries (the DLQ must not be skipped); false if shutdown came first. */
async function deadLetterUntilDone<T>(record: ConsumedRecord, err: unknown, attempts: number, deps: ProcessRecordDeps<T>): Promise<boolean> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await deps.deadLetter(record, err, attempts);
      return true;
    } catch (sendError) {
      const delayMs = computeBackoffDelay(deps.policy, Math.min(attempt, 10), 0, Math.random);
      deps.logger.warn({ err: sendError, attempt, delayMs, offset: record.offset }, 'dead-letter write failed; retrying');
      if (!(await waitWithHeartbeats(delayMs, deps))) return false;
    }
  }
}

/** Sleeps `ms` in slices, heartbeating between them; false when shutdown interrupted it. */
async function waitWithHeartbeats<T>(ms: number, deps: ProcessRecordDeps<T>): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    const left = until - Date.now();
    if (deps.signal.aborted) return false;
    if (left <= 0) return true;
    await sleep(Math.min(left, HEARTBEAT_SLICE_MS), deps.signal);
    await deps.heartbeat();
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}

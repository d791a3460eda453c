/**
 * The consumer runtime: one consumer group reading one topic with read_committed isolation;
 * records of a partition strictly in order, partitions concurrently (optionally also different
 * keys of one partition concurrently, see `process-by-key.ts`); optionally many records per
 * handler call (a batch handler), falling back to one at a time when a batch fails; offsets
 * committed only after the handler's work is durable; failures retried in place or dead-lettered;
 * graceful stop. The group also reads its own redrive topic (`<group>.redrive`, see
 * `redrive-topic.ts`): dead letters an operator sent back to this group only, handled exactly like
 * records of the events topic.
 */
import type { Consumer, EachBatchPayload, Producer } from 'kafkajs';
import { disconnectWithin } from '../../core/bounded-disconnect.js';
import { resolveRetryPolicy } from '../../core/retry.js';
import { createBatchHeartbeat, isRejoinError } from './batch-heartbeat.js';
import { guardObserver, resolveConsumerOptions, type RunConsumerGroupOptions } from './consumer-options.js';
import { deadLetterMaxMessageBytes, deadLetterMessage, ensureDeadLetterTopic, sendToDeadLetter } from './dead-letter.js';
import { fetchSizesFor } from './fetch-sizes.js';
import { redriveTopicToRead } from './redrive-topic.js';
import { processBatch, type BatchOutcome } from './process-batch.js';
import { retryInHalves } from './retry-in-halves.js';
import { processByKey, schedulingKeyOf } from './process-by-key.js';
import { processRecord, type RecordOutcome } from './process-record.js';
import { toConsumedRecord, type ConsumedRecord } from './record-types.js';

export type { ConsumerObserver, RunConsumerGroupOptions } from './consumer-options.js';

/** A running consumer group. */
export interface ConsumerGroupRun {
  /**
   * Stops gracefully: the records in hand finish (a backoff wait is cut short and that record is
   * left for redelivery), resolved offsets are committed, the member leaves the group. Idempotent.
   */
  stop(): Promise<void>;
  /** Resolves after `stop()` completes; rejects if the consumer crashed for good. */
  readonly done: Promise<void>;
  /**
   * Resolves when the member first joined the group and got its assignment: from then on it
   * really consumes. Never settles if the run stops or crashes before.
   */
  readonly joined: Promise<void>;
}

/**
 * Connects, creates the dead-letter and redrive topics if missing, joins the group and starts consuming.
 * Resolves once the consumer is running (the group join continues in the background).
 */
export async function runConsumerGroup<T>(options: RunConsumerGroupOptions<T>): Promise<ConsumerGroupRun> {
  const opts = resolveConsumerOptions(options);
  const policy = resolveRetryPolicy(opts.retry);
  const logger = opts.logger.child({ component: 'consumers.runtime', groupId: opts.groupId });
  const abort = new AbortController();
  const observer = guardObserver(opts.observer, logger);
  const handler = observer === undefined ? opts.handler : timed(opts.handler, opts.groupId, observer.onHandlerCall);
  const batchHandler = observer === undefined || opts.batchHandler === undefined ? opts.batchHandler : timed(opts.batchHandler, opts.groupId, observer.onHandlerCall);
  // Before the consumer exists: kafkajs fixes its fetch sizes when it is created.
  const fetchSizes = await fetchSizesFor(opts.kafka, opts.topic, opts.maxMessageBytes, logger);
  const consumer: Consumer = opts.kafka.consumer({
    ...fetchSizes,
    groupId: opts.groupId,
    readUncommitted: false,
    sessionTimeout: opts.sessionTimeoutMs,
    heartbeatInterval: opts.heartbeatIntervalMs,
    maxWaitTimeInMs: opts.maxWaitTimeMs,
    allowAutoTopicCreation: false,
  });
  const producer: Producer = opts.kafka.producer({ idempotent: true, maxInFlightRequests: 1, allowAutoTopicCreation: false });

  const admin = opts.kafka.admin();
  await admin.connect();
  let redriveTopic: string | false = false;
  try {
    await ensureDeadLetterTopic(admin, opts.dlqTopic, opts.dlqPartitions, deadLetterMaxMessageBytes(fetchSizes.maxBytesPerPartition), logger);
    // Created here rather than by the first redrive: kafkajs cannot add a topic to a running
    // consumer, and subscribing to a missing one fails. Existing from the start, a redrive is
    // read by the running group at once, and start-up never waits for it.
    if (opts.redriveTopic !== false) redriveTopic = await redriveTopicToRead(admin, opts.redriveTopic, opts.dlqPartitions, deadLetterMaxMessageBytes(fetchSizes.maxBytesPerPartition), logger);
  } finally {
    await disconnectWithin(admin, 'dead-letter topic admin', logger);
  }
  await producer.connect();

  let settle: { resolve: () => void; reject: (err: unknown) => void } | undefined;
  const done = new Promise<void>((resolve, reject) => {
    settle = { resolve, reject };
  });
  // Callers that only await stop() must not get an unhandled rejection; `await done` still rejects.
  done.catch(() => undefined);
  let stopping: Promise<void> | undefined;

  let markJoined: () => void = () => undefined;
  const joined = new Promise<void>((resolve) => {
    markJoined = resolve;
  });
  consumer.on(consumer.events.GROUP_JOIN, () => markJoined());

  consumer.on(consumer.events.CRASH, ({ payload }) => {
    if (payload.restart) {
      logger.warn({ err: payload.error }, 'consumer crashed; kafkajs restarts it');
      return;
    }
    logger.error({ err: payload.error }, 'consumer crashed for good');
    abort.abort();
    void producer.disconnect().finally(() => settle?.reject(payload.error));
  });

  const eachBatch = async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }: EachBatchPayload): Promise<void> => {
    const beat = createBatchHeartbeat(heartbeat, logger);
    const mustStop = (): boolean => !isRunning() || isStale() || beat.rebalancing || abort.signal.aborted;
    // Only called once the work is durable: only then may the offset move past it.
    const completed = async (offset: string): Promise<void> => {
      resolveOffset(offset);
      try {
        await commitOffsetsIfNecessary();
      } catch (err) {
        if (!isRejoinError(err)) throw err;
        beat.markRebalancing();
      }
      await beat();
    };
    const processOne = async (record: ConsumedRecord): Promise<RecordOutcome> => {
      const outcome = await processRecord(record, {
        decode: opts.decode,
        handler,
        policy,
        heartbeat: beat,
        signal: abort.signal,
        logger,
        deadLetter: async (rec, err, attempts) => {
          await sendToDeadLetter(producer, opts.dlqTopic, deadLetterMessage(rec, err, attempts, opts.groupId));
          observer?.onDeadLetter({ groupId: opts.groupId });
        },
      });
      observer?.onRecord({ groupId: opts.groupId, outcome });
      return outcome;
    };
    /** The per-record path, one record at a time; false when the batch must stop here. */
    const oneByOne = async (records: readonly ConsumedRecord[]): Promise<boolean> => {
      for (const record of records) {
        if (mustStop()) return false;
        if ((await processOne(record)) === 'interrupted') return false;
        await completed(record.offset);
      }
      return true;
    };
    /** The per-record path, different keys at once; false when the batch must stop here. */
    const byKey = (records: readonly ConsumedRecord[]): Promise<boolean> =>
      processByKey({
        records,
        keyOf: (record) => schedulingKeyOf(record.key),
        maxInFlight: opts.maxInFlightPerPartition,
        process: processOne,
        mustStop,
        finishedThrough: (record) => completed(record.offset),
      });
    const perRecord = opts.maxInFlightPerPartition > 1 ? byKey : oneByOne;

    const records = batch.messages.map((message) => toConsumedRecord(batch.topic, batch.partition, message));
    // Without a batch handler the whole fetch is one run: cutting it into runs would let the keys
    // in flight run dry at every cut, waiting for the slowest record before the next run starts.
    if (batchHandler === undefined) {
      await perRecord(records);
      return;
    }
    const tryBatch = async (run: readonly ConsumedRecord[]): Promise<BatchOutcome> => {
      const outcome = await processBatch(run, { decode: opts.decode, batchHandler, heartbeat: beat, signal: abort.signal, logger });
      if (outcome === 'handled') for (let i = 0; i < run.length; i += 1) observer?.onRecord({ groupId: opts.groupId, outcome });
      return outcome;
    };
    const handledThrough = (record: ConsumedRecord): Promise<void> => completed(record.offset);
    for (let start = 0; start < records.length; start += opts.maxBatchRecords) {
      if (mustStop()) return;
      const run = records.slice(start, start + opts.maxBatchRecords);
      if (run.length === 1) {
        if (!(await perRecord(run))) return;
        continue;
      }
      const outcome = await tryBatch(run);
      if (outcome === 'interrupted') return;
      if (outcome === 'handled') {
        await handledThrough(run[run.length - 1] as ConsumedRecord);
        continue;
      }
      if (!(await retryInHalves(run, { tryBatch, handledThrough, perRecord, mustStop }))) return;
    }
  };

  try {
    await consumer.connect();
    await consumer.subscribe({ topic: opts.topic, fromBeginning: opts.fromBeginning });
    // Always from the beginning: records redriven before the group first committed there are for it.
    if (redriveTopic !== false) await consumer.subscribe({ topic: redriveTopic, fromBeginning: true });
    await consumer.run({
      autoCommit: true,
      autoCommitInterval: opts.commitEveryMs,
      autoCommitThreshold: opts.commitEveryRecords,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
      eachBatch,
    });
  } catch (err) {
    await consumer.disconnect().catch(() => undefined);
    await producer.disconnect().catch(() => undefined);
    throw err;
  }
  logger.info({ topic: opts.topic, dlqTopic: opts.dlqTopic, redriveTopic }, 'consumer group running');

  const stop = (): Promise<void> => {
    stopping ??= (async () => {
      logger.info('stopping consumer group');
      abort.abort();
      try {
        // kafkajs waits for the batch in hand, commits resolved offsets and leaves the group.
        await consumer.disconnect();
        await producer.disconnect();
        logger.info('consumer group stopped');
        settle?.resolve();
      } catch (err) {
        settle?.reject(err);
        throw err;
      }
    })();
    return stopping;
  };

  return { stop, done, joined };
}


/** `fn` (a record or batch handler), reporting each call's duration (monotonic clock) whether it resolves or throws. */
function timed<A extends unknown[]>(fn: (...args: A) => Promise<void>, groupId: string, report: (info: { groupId: string; durationMs: number }) => void): (...args: A) => Promise<void> {
  return async (...args) => {
    const started = performance.now();
    try {
      await fn(...args);
    } finally {
      report({ groupId, durationMs: performance.now() - started });
    }
  };
}

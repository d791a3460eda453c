/**
 * Wires the notifier into the consumer runtime: decode → parse → pure planner → executor
 * (ledger + senders).
 */
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { ConsumerObserver } from '../runtime/consumer-options.js';
import type { RetryPolicy } from '../../core/retry.js';
import { DEFAULT_EVENTS_TOPIC } from '../../core/topics.js';
import { parseTopicRecord } from '../events/topic-record.js';
import type { RecordDecoder, RecordHandler } from '../runtime/record-types.js';
import { runConsumerGroup, type ConsumerGroupRun } from '../runtime/run-consumer-group.js';
import type { EffectExecutor } from './effect-executor.js';
import { planEffects } from './plan-effects.js';

/** Default consumer group of the notifier. */
export const DEFAULT_NOTIFIER_GROUP_ID = 'workos-notifier';

/**
 * The record handler of the notifier. Snapshot records and completions plan no effect: a user
 * listed by a snapshot already existed, and welcoming them now would be wrong.
 */
export function createNotifierHandler(executor: EffectExecutor): RecordHandler {
  return async (value, { signal }) => {
    const topicRecord = parseTopicRecord(value);
    if (topicRecord.kind !== 'event') return;
    const effects = planEffects(topicRecord.parsed);
    if (effects.length > 0) await executor.run(effects, signal);
  };
}

/**
 * Records of one partition the notifier handles at once, each of another organization (an
 * organization's records stay in order). Its work is a call to a receiver, which waits on the
 * network and not on this process: 16 calls in flight take 16× the serial rate from a slow
 * receiver, while a notifier still sends at most 16 per partition it consumes
 * (`CONSUMER_CONCURRENCY`, default 3: 48) at once, and the ledger's claims stay short transactions.
 */
export const DEFAULT_NOTIFIER_MAX_IN_FLIGHT = 16;

/** Options for {@link startNotifier}. */
export interface NotifierOptions {
  kafka: Kafka;
  executor: EffectExecutor;
  decode: RecordDecoder;
  logger: Logger;
  /** Default `workos.events`. */
  topic?: string;
  /** Default {@link DEFAULT_NOTIFIER_GROUP_ID}. */
  groupId?: string;
  partitionsConsumedConcurrently?: number;
  /**
   * Records of one partition in flight at once, across organizations; each organization's
   * records one after another. Default {@link DEFAULT_NOTIFIER_MAX_IN_FLIGHT}; 1 is one record at a time.
   */
  maxInFlightPerPartition?: number;
  /**
   * Runtime retries of a failing record. Sender failures are retried inside the executor and then
   * dead-lettered at once; these retries cover the ledger's database being briefly unavailable.
   */
  retry?: Partial<RetryPolicy>;
  /** Sees each record's outcome and handler latency (metrics). */
  observer?: ConsumerObserver;
  /** How long the group waits for a silent member before rebalancing, ms. Default 30 000. */
  sessionTimeoutMs?: number;
}

/** Runs the notifier's consumer group until `stop()`. */
export function startNotifier(options: NotifierOptions): Promise<ConsumerGroupRun> {
  return runConsumerGroup({
    kafka: options.kafka,
    groupId: options.groupId ?? DEFAULT_NOTIFIER_GROUP_ID,
    topic: options.topic ?? DEFAULT_EVENTS_TOPIC,
    decode: options.decode,
    handler: createNotifierHandler(options.executor),
    logger: options.logger,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    // The ledger is per (effect, event id) and every executor step is its own short transaction,
    // so effects of different organizations may run side by side.
    maxInFlightPerPartition: options.maxInFlightPerPartition ?? DEFAULT_NOTIFIER_MAX_IN_FLIGHT,
    retry: options.retry,
    observer: options.observer,
    sessionTimeoutMs: options.sessionTimeoutMs,
  });
}

/**
 * Options of {@link runConsumerGroup}, their defaults, and the check that reports every bad value
 * at once.
 */
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { ConnectorError } from '../../core/errors.js';
import { DEFAULT_EVENTS_MAX_MESSAGE_BYTES } from '../../core/message-size.js';
import { resolveRetryPolicy, type RetryPolicy } from '../../core/retry.js';
import type { RecordOutcome } from './process-record.js';
import { redriveTopicOf } from './redrive-topic.js';
import type { BatchHandler, RecordDecoder, RecordHandler } from './record-types.js';

/**
 * Hooks the runtime calls as records are processed (metrics: `core/metrics/consumer-metrics.ts`).
 * A hook that throws is logged and ignored: instrumentation must never fail a record.
 */
export interface ConsumerObserver {
  /** A record is finished; `interrupted` means shutdown or a rebalance came first. */
  onRecord?(info: { groupId: string; outcome: RecordOutcome }): void;
  /** One handler call (one attempt, or one batch-handler call) returned or threw after `durationMs`. */
  onHandlerCall?(info: { groupId: string; durationMs: number }): void;
  /** A record was written to the dead-letter topic. */
  onDeadLetter?(info: { groupId: string }): void;
}

/** Options for `runConsumerGroup`. */
export interface RunConsumerGroupOptions<T = unknown> {
  kafka: Kafka;
  /** The consumer group; each group has its own offsets and its own `<group>.dlq`. */
  groupId: string;
  /** The topic to read (e.g. `workos.events`). */
  topic: string;
  handler: RecordHandler<T>;
  /**
   * Optional: handles up to `maxBatchRecords` consecutive records of a partition in one call,
   * when more than one is at hand. On failure those records go through `handler` one by one.
   */
  batchHandler?: BatchHandler<T>;
  /** Most records per `batchHandler` call. Default 500. */
  maxBatchRecords?: number;
  /** Turns value bytes into the handler's input (the schema codec's `decode`, or `jsonDecoder`). */
  decode: RecordDecoder<T>;
  logger: Logger;
  /** Dead-letter topic. Default `<groupId>.dlq`; created when missing. */
  dlqTopic?: string;
  /** Partitions of a dead-letter topic this runtime creates. Default 1. */
  dlqPartitions?: number;
  /**
   * The group's redrive topic (dead letters sent back to this group only, `workos-kafka dlq
   * --redrive`), read alongside `topic`. Default `<groupId>.redrive`, created when missing with
   * `dlqPartitions` partitions; false: no redrive topic.
   */
  redriveTopic?: string | false;
  /** Partitions handled at the same time (records of one partition keep their order; see `maxInFlightPerPartition`). Default 3. */
  partitionsConsumedConcurrently?: number;
  /**
   * Records of one partition handled at the same time, each of a different key (the organization
   * for `workos.events`; records without a key count as one key): records of one key still run
   * one after another in offset order, and offsets are committed only below the lowest unfinished
   * record. Worth it when records wait on something slow elsewhere (an HTTP receiver); a handler
   * writing to one local database gains little. Default 1: one record at a time, in offset order.
   * Runs of a `batchHandler` are unaffected; when a run falls back to one record at a time, this
   * bound applies to it.
   */
  maxInFlightPerPartition?: number;
  /**
   * Retries of a failing record, in place (the partition waits). `maxAttempts` counts the first
   * try; after it the record is dead-lettered. Default: 5 attempts, 200 ms doubling to 10 s.
   */
  retry?: Partial<RetryPolicy>;
  /** Where a group with no committed offset starts. Default true (earliest): consumers rebuild state from history. */
  fromBeginning?: boolean;
  /** kafkajs session timeout, ms. Default 30 000. */
  sessionTimeoutMs?: number;
  /** kafkajs heartbeat interval, ms. Default a third of the session timeout, at most 3 000. */
  heartbeatIntervalMs?: number;
  /** Longest a fetch waits for data, ms. Default 1 000 (shutdown and new records are noticed quickly). */
  maxWaitTimeMs?: number;
  /** Commit resolved offsets after this many records even mid-batch. Default 100. */
  commitEveryRecords?: number;
  /** ... or after this long, ms. Default 5 000. */
  commitEveryMs?: number;
  /**
   * Largest record batch to fetch from a partition at least; the group fetches up to the topic's
   * own `max.message.bytes` when that is larger. Default 8 MiB, the connector's default for the
   * events topic (`WORKOS_EVENTS_MAX_MESSAGE_BYTES`).
   */
  maxMessageBytes?: number;
  /** Metrics hooks. Default none. */
  observer?: ConsumerObserver;
}

/** Default handler retry policy (overrides on core's defaults). */
export const DEFAULT_HANDLER_RETRY: Partial<RetryPolicy> = Object.freeze({ maxAttempts: 5, initialDelayMs: 200, maxDelayMs: 10_000 });

/** The options with every default filled in. */
export type ResolvedConsumerOptions<T> = Required<Omit<RunConsumerGroupOptions<T>, 'retry' | 'observer' | 'batchHandler'>> & {
  retry: Partial<RetryPolicy>;
  observer?: ConsumerObserver;
  batchHandler?: BatchHandler<T>;
};

/** Fills defaults and validates; throws `CONFIG_INVALID` naming every problem. */
export function resolveConsumerOptions<T>(options: RunConsumerGroupOptions<T>): ResolvedConsumerOptions<T> {
  const resolved: ResolvedConsumerOptions<T> = {
    ...options,
    dlqTopic: options.dlqTopic ?? `${options.groupId}.dlq`,
    dlqPartitions: options.dlqPartitions ?? 1,
    redriveTopic: options.redriveTopic ?? redriveTopicOf(options.groupId),
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 3,
    maxInFlightPerPartition: options.maxInFlightPerPartition ?? 1,
    retry: { ...DEFAULT_HANDLER_RETRY, ...options.retry },
    fromBeginning: options.fromBeginning ?? true,
    sessionTimeoutMs: options.sessionTimeoutMs ?? 30_000,
    heartbeatIntervalMs: options.heartbeatIntervalMs ?? Math.min(3_000, Math.floor((options.sessionTimeoutMs ?? 30_000) / 3)),
    maxWaitTimeMs: options.maxWaitTimeMs ?? 1_000,
    commitEveryRecords: options.commitEveryRecords ?? 100,
    commitEveryMs: options.commitEveryMs ?? 5_000,
    maxBatchRecords: options.maxBatchRecords ?? 500,
    maxMessageBytes: options.maxMessageBytes ?? DEFAULT_EVENTS_MAX_MESSAGE_BYTES,
  };
  const problems: string[] = [];
  if (resolved.groupId.trim() === '') problems.push('groupId must not be empty');
  if (resolved.topic.trim() === '') problems.push('topic must not be empty');
  if (resolved.dlqTopic === resolved.topic) problems.push('dlqTopic must differ from topic');
  if (resolved.redriveTopic !== false && [resolved.topic, resolved.dlqTopic].includes(resolved.redriveTopic)) problems.push('redriveTopic must differ from topic and dlqTopic');
  for (const key of ['dlqPartitions', 'partitionsConsumedConcurrently', 'maxInFlightPerPartition', 'commitEveryRecords', 'maxBatchRecords', 'maxMessageBytes'] as const) {
    if (!Number.isInteger(resolved[key]) || resolved[key] < 1) problems.push(`${key} must be an integer ≥ 1`);
  }
  for (const key of ['sessionTimeoutMs', 'heartbeatIntervalMs', 'maxWaitTimeMs', 'commitEveryMs'] as const) {
    if (!(Number.isFinite(resolved[key]) && resolved[key] > 0)) problems.push(`${key} must be a number > 0`);
  }
  if (resolved.heartbeatIntervalMs >= resolved.sessionTimeoutMs) problems.push('heartbeatIntervalMs must be below sessionTimeoutMs');
  try {
    resolveRetryPolicy(resolved.retry);
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  }
  if (problems.length > 0) {
    throw new ConnectorError(`Invalid consumer options: ${problems.join('; ')}`, { code: 'CONFIG_INVALID', context: { groupId: options.groupId } });
  }
  return resolved;
}

/** Wraps each hook of `observer` so one that throws is logged and ignored; undefined stays undefined. */
export function guardObserver(observer: ConsumerObserver | undefined, logger: Logger): Required<ConsumerObserver> | undefined {
  if (observer === undefined) return undefined;
  const guard =
    <A>(hook: ((info: A) => void) | undefined) =>
    (info: A): void => {
      try {
        hook?.call(observer, info);
      } catch (err) {
        logger.warn({ err }, 'consumer observer hook failed; ignored');
      }
    };
  return { onRecord: guard(observer.onRecord), onHandlerCall: guard(observer.onHandlerCall), onDeadLetter: guard(observer.onDeadLetter) };
}

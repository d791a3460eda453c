/**
 * The dead-letter topic `<group>.dlq`: the original key, value and headers, plus headers saying
 * why, after how many attempts, and where the record came from, so it can be inspected and
 * re-driven.
 */
import kafkajs, { type Admin, type IHeaders, type Message, type Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { describeTopicConfig, ensureTopic, type TopicConfig } from '../../core/topics.js';
import { raiseTopicLimitCommand, topicLimitBelow } from '../../core/message-size.js';
import { isConnectorError } from '../../core/errors.js';
import type { ConsumedRecord } from './record-types.js';

const { CompressionTypes } = kafkajs;

/** Header names added to a dead-lettered record. */
export const DLQ_HEADERS = {
  error: 'dlq-error',
  errorCode: 'dlq-error-code',
  attempts: 'dlq-attempts',
  group: 'dlq-group',
  topic: 'dlq-topic',
  partition: 'dlq-partition',
  offset: 'dlq-offset',
} as const;

/** Longest `dlq-error` text kept, in characters; headers are not the place for stack traces. */
const MAX_ERROR_TEXT = 1_000;

/** The error code written to `dlq-error-code`: the project code when there is one. */
export function errorCodeOf(err: unknown): string {
  if (isConnectorError(err)) return err.code;
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown; type?: unknown }).code : undefined;
  if (typeof code === 'string' && code !== '') return code;
  return 'HANDLER_FAILED';
}

/** The dead-letter message for `record` (pure: original key/value/headers plus the `dlq-*` headers). */
export function deadLetterMessage(record: ConsumedRecord, err: unknown, attempts: number, groupId: string): Message {
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const headers: IHeaders = {
    ...record.rawHeaders,
    [DLQ_HEADERS.error]: text.slice(0, MAX_ERROR_TEXT),
    [DLQ_HEADERS.errorCode]: errorCodeOf(err),
    [DLQ_HEADERS.attempts]: String(attempts),
    [DLQ_HEADERS.group]: groupId,
    [DLQ_HEADERS.topic]: record.topic,
    [DLQ_HEADERS.partition]: String(record.partition),
    [DLQ_HEADERS.offset]: record.offset,
  };
  return { key: record.key, value: record.value, headers };
}

/**
 * Room for the `dlq-*` (and later `redrive-*`) headers and a batch of its own on top of the
 * largest record the group can read: a dead letter carries its record whole.
 */
const HEADERS_HEADROOM_BYTES = 64 * 1024;

/**
 * `max.message.bytes` of a group's dead-letter and redrive topics when the runtime creates them:
 * a record as big as the group reads (up to the events topic's limit) must fit with its headers,
 * or the one record that most needs dead-lettering (a big one) could never be written.
 */
export function deadLetterMaxMessageBytes(readableBytes: number): number {
  return readableBytes + HEADERS_HEADROOM_BYTES;
}

/**
 * Creates a group's dead-letter or redrive topic unless it exists: delete policy, broker-default
 * retention, batches up to `maxMessageBytes`. Another member creating it meanwhile is fine; a
 * broker still electing leaders is waited out.
 */
export async function ensureRecordsTopic(
  admin: Admin,
  spec: { readonly topic: string; readonly numPartitions: number; readonly maxMessageBytes: number; readonly kind: 'dead-letter' | 'redrive' },
  logger: Logger,
): Promise<{ created: boolean }> {
  const { topic, numPartitions, maxMessageBytes } = spec;
  const { created } = await ensureTopic(admin, {
    topic,
    numPartitions,
    replicationFactor: -1,
    configEntries: { 'cleanup.policy': 'delete', 'max.message.bytes': String(maxMessageBytes) },
  });
  if (created) logger.info({ topic, numPartitions, maxMessageBytes }, `created ${spec.kind} topic`);
  else await warnWhenTooSmall(admin, spec, logger);
  return { created };
}

/**
 * A topic created by an older version (or by hand) keeps its own limit: the records between it and
 * what the group reads could not be dead-lettered, and the partition would stall on them. Said at
 * start-up, with the command that fixes it; the topic is not altered (that needs AlterConfigs).
 */
async function warnWhenTooSmall(admin: Admin, spec: { readonly topic: string; readonly maxMessageBytes: number; readonly kind: string }, logger: Logger): Promise<void> {
  let config: TopicConfig;
  try {
    config = await describeTopicConfig(admin, spec.topic);
  } catch (err) {
    logger.debug({ err, topic: spec.topic }, `could not describe the ${spec.kind} topic; its size limit is not checked`);
    return;
  }
  const warning = recordsTopicLimitWarning(spec, config);
  if (warning !== undefined) logger.warn({ topic: spec.topic, maxMessageBytes: topicLimitBelow(config, spec.maxMessageBytes), needed: spec.maxMessageBytes }, warning);
}

/** A one-line warning when an existing dead-letter or redrive topic takes smaller batches than it needs, else undefined. */
export function recordsTopicLimitWarning(spec: { readonly topic: string; readonly maxMessageBytes: number; readonly kind: string }, config: TopicConfig): string | undefined {
  const actual = topicLimitBelow(config, spec.maxMessageBytes);
  if (actual === undefined) return undefined;
  return (
    `${spec.kind} topic ${spec.topic} has max.message.bytes=${actual}, below the ${spec.maxMessageBytes} its records may need: a bigger record could not be ${spec.kind === 'redrive' ? 'redriven' : 'dead-lettered'}; ` +
    `raise it with ${raiseTopicLimitCommand(spec.topic, spec.maxMessageBytes)}`
  );
}

/** Creates the dead-letter topic unless it exists, taking batches up to `maxMessageBytes`. */
export async function ensureDeadLetterTopic(admin: Admin, topic: string, numPartitions: number, maxMessageBytes: number, logger: Logger): Promise<void> {
  await ensureRecordsTopic(admin, { topic, numPartitions, maxMessageBytes, kind: 'dead-letter' }, logger);
}

/**
 * Writes one record to the dead-letter topic and waits for all in-sync replicas. GZIP like the
 * events topic: the record arrived compressed, and must still fit the topic's limit here.
 */
export async function sendToDeadLetter(producer: Producer, dlqTopic: string, message: Message): Promise<void> {
  await producer.send({ topic: dlqTopic, acks: -1, compression: CompressionTypes.GZIP, messages: [message] });
}

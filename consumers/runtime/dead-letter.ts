/**
 * The dead-letter topic `<group>.dlq`: the original key, value and headers, plus headers saying
 * why, after how many attempts, and where the record came from, so it can be inspected and
 * re-driven.
 */
import type { Admin, IHeaders, Message, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { ensureTopic } from '../../core/topics.js';
import { isConnectorError } from '../../core/errors.js';
import type { ConsumedRecord } from './record-types.js';

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

/** Creates the dead-letter topic unless it exists. */
export async function ensureDeadLetterTopic(admin: Admin, topic: string, numPartitions: number, logger: Logger): Promise<void> {
  // Another member creating it meanwhile is fine; a broker still electing leaders is waited out.
  const { created } = await ensureTopic(admin, { topic, numPartitions, replicationFactor: -1, configEntries: { 'cleanup.policy': 'delete' } });
  if (created) logger.info({ topic, numPartitions }, 'created dead-letter topic');
}

/** Writes one record to the dead-letter topic and waits for all in-sync replicas. */
export async function sendToDeadLetter(producer: Producer, dlqTopic: string, message: Message): Promise<void> {
  await producer.send({ topic: dlqTopic, acks: -1, messages: [message] });
}

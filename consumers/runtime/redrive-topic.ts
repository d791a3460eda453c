/**
 * The redrive topic `<group>.redrive`: dead letters an operator sends back to one group only
 * (`workos-kafka dlq --redrive`). Re-producing them to the events topic would hand them to every
 * other group too; a topic per group that only that group reads keeps a redrive private.
 *
 * The group reads it like its events topic, through the same handler, so the mirror's updated_at
 * guard and the notifier's effect ledger decide what a redriven record still changes. A redriven
 * record keeps its original key (the same key lands in the same redrive partition, so redriven
 * records of one organization stay in order among themselves), value and headers; the `dlq-*`
 * headers of its dead letter are replaced by headers saying which dead letter it is and when it
 * was redriven. Those headers are also the record of what was redriven: the dead letter whose
 * position a redrive record names is not redriven again unless asked.
 */
import type { Admin, IHeaders, Message } from 'kafkajs';
import type { Logger } from 'pino';
import { causeChain } from '../../core/errors.js';
import { DLQ_HEADERS, ensureRecordsTopic } from './dead-letter.js';
import type { ConsumedRecord } from './record-types.js';

/** Header names a redriven record carries (and a dead letter of a redriven record keeps). */
export const REDRIVE_HEADERS = {
  /** When the record was redriven, ISO-8601. */
  redrivenAt: 'dlq-redriven-at',
  /** The dead letter it is, `<dlq topic>:<partition>:<offset>`: the marker against redriving it twice. */
  redrivenFrom: 'dlq-redriven-from',
  /** Where the group first read the record, `<topic>:<partition>:<offset>`, kept across redrives. */
  origin: 'dlq-origin',
} as const;

/** The redrive topic of `groupId`. */
export function redriveTopicOf(groupId: string): string {
  return `${groupId}.redrive`;
}

/** `topic:partition:offset`, the form positions take in headers and listings. */
export function positionText(position: { readonly topic: string; readonly partition: number; readonly offset: string }): string {
  return `${position.topic}:${position.partition}:${position.offset}`;
}

/** Creates the redrive topic unless it exists (like the dead-letter topic, see `ensureRecordsTopic`). */
export function ensureRedriveTopic(admin: Admin, topic: string, numPartitions: number, maxMessageBytes: number, logger: Logger): Promise<{ created: boolean }> {
  return ensureRecordsTopic(admin, { topic, numPartitions, maxMessageBytes, kind: 'redrive' }, logger);
}

/**
 * The redrive topic a starting group reads: `topic`, created when missing; or false when the
 * broker refuses to let this client create (or describe) it. An ACL written before redrive existed
 * must not stop the group: it runs without redrive and says so. Other failures are thrown (a broker
 * still starting is waited out by the start-up path like any other).
 */
export async function redriveTopicToRead(admin: Admin, topic: string, numPartitions: number, maxMessageBytes: number, logger: Logger): Promise<string | false> {
  try {
    await ensureRedriveTopic(admin, topic, numPartitions, maxMessageBytes, logger);
    return topic;
  } catch (err) {
    if (!isAuthorizationFailure(err)) throw err;
    logger.warn({ err, topic }, 'not allowed to create or describe the redrive topic; consuming without it (dead letters cannot be redriven to this group)');
    return false;
  }
}

/**
 * kafkajs' TOPIC_/CLUSTER_AUTHORIZATION_FAILED anywhere in `err`'s causes, or among the `errors`
 * of a KafkaJSAggregateError (how CreateTopics reports a topic it refused).
 */
export function isAuthorizationFailure(err: unknown): boolean {
  const links = causeChain(err).flatMap((link) => {
    const errors = typeof link === 'object' && link !== null ? (link as { errors?: unknown }).errors : undefined;
    return [link, ...(Array.isArray(errors) ? (errors as unknown[]) : [])];
  });
  return links.some((link) => {
    const type = typeof link === 'object' && link !== null ? (link as { type?: unknown }).type : undefined;
    return typeof type === 'string' && type.endsWith('_AUTHORIZATION_FAILED');
  });
}

/**
 * The redrive message for `deadLetter`, a record read from the dead-letter topic (pure). No
 * timestamp: the producer stamps it now; the original event time would let a time-based
 * retention delete the record before the group reads it.
 */
export function redriveMessage(deadLetter: ConsumedRecord, redrivenAt: Date): Message {
  const headers: IHeaders = {};
  const replaced = new Set<string>([...Object.values(DLQ_HEADERS), ...Object.values(REDRIVE_HEADERS)]);
  for (const [name, value] of Object.entries(deadLetter.rawHeaders)) if (!replaced.has(name) && value !== undefined) headers[name] = value;
  headers[REDRIVE_HEADERS.redrivenAt] = redrivenAt.toISOString();
  headers[REDRIVE_HEADERS.redrivenFrom] = positionText(deadLetter);
  const origin = originOf(deadLetter);
  if (origin !== undefined) headers[REDRIVE_HEADERS.origin] = origin;
  return { key: deadLetter.key, value: deadLetter.value, headers };
}

/**
 * Where the group first read the record of `deadLetter`: its `dlq-origin` when it was redriven
 * before (its own `dlq-topic` is then the redrive topic), else its `dlq-topic/partition/offset`.
 */
export function originOf(deadLetter: ConsumedRecord): string | undefined {
  const { headers } = deadLetter;
  const kept = headers[REDRIVE_HEADERS.origin];
  if (kept !== undefined && kept !== '') return kept;
  const topic = headers[DLQ_HEADERS.topic];
  const partition = headers[DLQ_HEADERS.partition];
  const offset = headers[DLQ_HEADERS.offset];
  return topic === undefined || partition === undefined || offset === undefined ? undefined : `${topic}:${partition}:${offset}`;
}

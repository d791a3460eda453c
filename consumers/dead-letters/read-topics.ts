/**
 * Reads whole topics once, up to the end offsets they had when the read began (records written
 * meanwhile are left for the next read). kafkajs reads only through a consumer group: a fresh
 * group per read never commits, so it starts at the beginning and leaves no offsets behind that
 * the next read would resume from. All topics share one group, so one join (seconds) is paid.
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { ConnectorError } from '../../core/errors.js';
import { toConsumedRecord, type ConsumedRecord } from '../runtime/record-types.js';

/** Options of {@link readTopicsToEnd}. */
export interface ReadTopicsOptions {
  /** Prefix of the throwaway group's id (ACLs can allow it by prefix). */
  readonly groupPrefix: string;
  /** Longest the read may take, ms. Default 60 000. */
  readonly timeoutMs?: number;
}

/** Every record of each of `topics` (which must exist), in partition and offset order. */
export async function readTopicsToEnd(kafka: Kafka, topics: readonly string[], options: ReadTopicsOptions): Promise<Map<string, ConsumedRecord[]>> {
  const records = new Map<string, ConsumedRecord[]>(topics.map((topic) => [topic, []]));
  const ends = await endOffsets(kafka, topics);
  if (ends.size === 0) return records;

  const consumer = kafka.consumer({ groupId: `${options.groupPrefix}.${randomUUID()}`, readUncommitted: false, maxWaitTimeInMs: 200 });
  const timeoutMs = options.timeoutMs ?? 60_000;
  // A rebalance of this one-member group could hand a partition back from its start: read once.
  const seen = new Set<string>();
  await consumer.connect();
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new ConnectorError(`timed out reading ${topics.join(', ')} to the end`, { code: 'KAFKA_ERROR', retriable: true, context: { topics } })), timeoutMs);
      // END_BATCH_PROCESS also fires for batches of transaction markers only, whose offsets count
      // towards the end; eachMessage alone would never see them.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        const key = partitionKey(payload.topic, payload.partition);
        const end = ends.get(key);
        if (end !== undefined && BigInt(payload.lastOffset) + 1n >= end) ends.delete(key);
        if (ends.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ topic, partition, message }) => {
            const end = ends.get(partitionKey(topic, partition));
            // Past the end the read began with, or a partition already complete: for the next read.
            if (end === undefined || BigInt(message.offset) >= end) return;
            const position = `${partitionKey(topic, partition)}\u0000${message.offset}`;
            if (seen.has(position)) return;
            seen.add(position);
            records.get(topic)?.push(toConsumedRecord(topic, partition, message));
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  for (const list of records.values()) list.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
  return records;
}

/** The end offset of every non-empty partition of `topics`. */
async function endOffsets(kafka: Kafka, topics: readonly string[]): Promise<Map<string, bigint>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const ends = new Map<string, bigint>();
    for (const topic of topics) {
      for (const p of await admin.fetchTopicOffsets(topic)) if (BigInt(p.high) > BigInt(p.low)) ends.set(partitionKey(topic, p.partition), BigInt(p.high));
    }
    return ends;
  } finally {
    await admin.disconnect();
  }
}

function partitionKey(topic: string, partition: number): string {
  return `${topic}\u0000${partition}`;
}

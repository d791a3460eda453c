/**
 * Reads dead-letter topics whole, up to the end offsets they had when the read began, as records
 * the consumer runtime understands (see `core/read-topics-to-end.ts`).
 */
import { randomUUID } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { readTopicsToEnd as readEachToEnd } from '../../core/read-topics-to-end.js';
import { toConsumedRecord, type ConsumedRecord } from '../runtime/record-types.js';

/** Options of {@link readTopicsToEnd}. */
export interface ReadTopicsOptions {
  /** Prefix of the throwaway group's id (ACLs can allow it by prefix). */
  readonly groupPrefix: string;
  /** Longest the read may take, ms. Default 60 000. */
  readonly timeoutMs?: number;
  /** The largest record batch the topics may hold (see `core/read-topics-to-end.ts`). */
  readonly maxMessageBytes?: number;
}

/** Every record of each of `topics` (which must exist), in partition and offset order. */
export async function readTopicsToEnd(kafka: Kafka, topics: readonly string[], options: ReadTopicsOptions): Promise<Map<string, ConsumedRecord[]>> {
  const records = new Map<string, ConsumedRecord[]>(topics.map((topic) => [topic, []]));
  await readEachToEnd(kafka, topics, {
    groupId: `${options.groupPrefix}.${randomUUID()}`,
    timeoutMs: options.timeoutMs,
    maxMessageBytes: options.maxMessageBytes,
    onMessage: (topic, partition, message) => {
      records.get(topic)?.push(toConsumedRecord(topic, partition, message));
    },
  });
  for (const list of records.values()) list.sort((a, b) => a.partition - b.partition || (BigInt(a.offset) < BigInt(b.offset) ? -1 : 1));
  return records;
}

/**
 * Reads whole topics once, up to the end offsets they had when the read began (records written
 * meanwhile are left for the next read), as a `read_committed` reader.
 *
 * kafkajs reads only through a consumer group. A fresh group per read never commits, so it starts
 * at the beginning, leaves no offsets behind that the next read would resume from, and a reader
 * killed mid-read cannot make the next one wait for its session to time out. All topics share one
 * group, so one join (seconds) is paid.
 */
import type { Kafka, KafkaMessage } from 'kafkajs';
import { ConnectorError } from './errors.js';
import { consumerFetchSizes } from './message-size.js';

/** Options of {@link readTopicsToEnd}. */
export interface ReadTopicsToEndOptions {
  /** The throwaway group's id; make it unique per read (ACLs can allow it by prefix). */
  readonly groupId: string;
  /** Longest the read may take, ms. Default 60 000. */
  readonly timeoutMs?: number;
  /** What the timeout error calls the topics, e.g. `cursor topic "x"`. Default their names. */
  readonly description?: string;
  /**
   * The largest record batch the topics may hold, when bigger than kafkajs' 1 MiB fetch per
   * partition: a bigger batch of any but the first partition in a fetch would come back empty.
   */
  readonly maxMessageBytes?: number;
  /** Called once per record below the end offsets, in offset order within a partition. */
  readonly onMessage: (topic: string, partition: number, message: KafkaMessage) => void | Promise<void>;
}

/** Reads every committed record of `topics` (which must exist) below their end offsets at the start. */
export async function readTopicsToEnd(kafka: Kafka, topics: readonly string[], options: ReadTopicsToEndOptions): Promise<void> {
  const ends = await endOffsets(kafka, topics);
  if (ends.size === 0) return;

  const description = options.description ?? topics.join(', ');
  const fetchSizes = options.maxMessageBytes === undefined ? {} : consumerFetchSizes(options.maxMessageBytes);
  const consumer = kafka.consumer({ groupId: options.groupId, readUncommitted: false, maxWaitTimeInMs: 200, ...fetchSizes });
  // A rebalance of this one-member group could hand a partition back from its start: read once.
  const seen = new Set<string>();
  await consumer.connect();
  try {
    for (const topic of topics) await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new ConnectorError(`timed out reading ${description} to its end`, { code: 'KAFKA_ERROR', retriable: true, context: { topics } })),
        options.timeoutMs ?? 60_000,
      );
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
            const key = partitionKey(topic, partition);
            const end = ends.get(key);
            // Past the end the read began with, or a partition already complete: for the next read.
            if (end === undefined || BigInt(message.offset) >= end) return;
            const position = `${key}\u0000${message.offset}`;
            if (seen.has(position)) return;
            seen.add(position);
            await options.onMessage(topic, partition, message);
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
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

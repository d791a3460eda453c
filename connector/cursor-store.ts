import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, Message } from 'kafkajs';
import type { Logger } from 'pino';
import { ConnectorError } from '../core/errors.js';
import { ensureTopic, hasCleanupPolicy } from '../core/topics.js';
import type { CursorRecord } from './cursor-record.js';
import { parseCursorRecord } from './cursor-record.js';

/** Encodes and decodes record values (through the schema registry or as plain JSON). */
export interface ValueCodec {
  encode(value: unknown): Promise<Buffer>;
  decode(bytes: Buffer): Promise<unknown>;
}

/** Settings for {@link CursorStore}. */
export interface CursorStoreOptions {
  readonly kafka: Kafka;
  readonly topic: string;
  /** The record key: one cursor per connector name. */
  readonly connectorName: string;
  readonly codec: ValueCodec;
  readonly logger: Logger;
  /** Longest wait to read the topic to its end, ms. Default 60000. */
  readonly readTimeoutMs?: number;
}

/**
 * The connector's position, kept in a compacted topic keyed by connector name and written in the
 * same Kafka transaction as the events it covers, so position and data can never disagree.
 */
export class CursorStore {
  constructor(private readonly options: CursorStoreOptions) {}

  /**
   * Creates the topic compacted when missing. Refuses an existing topic that is not compacted:
   * under `delete` retention the cursor would silently expire and the connector would start over.
   */
  async ensureTopic(admin: Admin, replicationFactor: number): Promise<void> {
    const { topic } = this.options;
    const result = await ensureTopic(admin, {
      topic,
      numPartitions: 1,
      replicationFactor,
      configEntries: { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '0' },
    });
    if (!hasCleanupPolicy(result.config, 'compact')) {
      throw new ConnectorError(
        `cursor topic "${topic}" exists with cleanup.policy=${result.config['cleanup.policy'] ?? '?'}; it must be compacted. ` +
          `Fix it with: kafka-configs --alter --entity-type topics --entity-name ${topic} --add-config cleanup.policy=compact`,
        { code: 'TOPIC_MISCONFIGURED', context: { topic } },
      );
    }
  }

  /** The Kafka message that stores `record` (sent inside the page's transaction). */
  async toMessage(record: CursorRecord): Promise<Message> {
    return { key: this.options.connectorName, value: await this.options.codec.encode(record) };
  }

  /**
   * Reads the topic from the start to its current end as a `read_committed` reader and returns
   * the last value stored under this connector's key, or null. Call it after the transactional
   * producer is initialised: that aborts any transaction a previous instance left open, so the
   * end is stable.
   */
  async readLatest(): Promise<CursorRecord | null> {
    const { kafka, topic, connectorName, codec, logger } = this.options;
    const admin = kafka.admin();
    await admin.connect();
    let ends: Map<number, bigint>;
    try {
      const offsets = await admin.fetchTopicOffsets(topic);
      ends = new Map(offsets.filter((o) => BigInt(o.high) > BigInt(o.low)).map((o) => [o.partition, BigInt(o.high)]));
    } finally {
      await admin.disconnect();
    }
    if (ends.size === 0) return null;

    // A consumer group is the only way kafkajs reads. A fresh group per read never commits, so it
    // starts at the beginning, and a reader killed mid-read cannot make the next one wait for its
    // session to time out.
    const groupId = `${connectorName}.cursor-reader.${randomUUID()}`;
    const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
    let latest: Buffer | null = null;
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(
          () => reject(new ConnectorError(`timed out reading cursor topic "${topic}" to its end`, { code: 'KAFKA_ERROR', retriable: true, context: { topic } })),
          this.options.readTimeoutMs ?? 60_000,
        );
        // END_BATCH_PROCESS fires for batches holding only transaction markers too, whose offsets
        // count towards the end; eachMessage alone would never see them.
        consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
          const end = ends.get(payload.partition);
          if (end !== undefined && BigInt(payload.lastOffset) + 1n >= end) ends.delete(payload.partition);
          if (ends.size === 0) {
            clearTimeout(timer);
            resolve();
          }
        });
        consumer
          .run({
            autoCommit: false,
            eachMessage: async ({ message }) => {
              if (message.key?.toString() === connectorName) latest = message.value;
            },
          })
          .catch(reject);
      });
    } finally {
      await consumer.disconnect();
    }
    if (latest === null) return null;
    const record = parseCursorRecord(await codec.decode(latest));
    logger.info({ cursor: record }, 'read stored cursor');
    return record;
  }
}

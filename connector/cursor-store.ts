import { randomUUID } from 'node:crypto';
import type { Admin, Kafka, Message } from 'kafkajs';
import type { Logger } from 'pino';
import { ConnectorError } from '../core/errors.js';
import { readTopicsToEnd } from '../core/read-topics-to-end.js';
import { alterTopicConfigCommand, ensureTopic, hasCleanupPolicy } from '../core/topics.js';
import type { CursorRecord } from './cursor-record.js';
import { parseCursorRecord } from './cursor-record.js';

/** Encodes and decodes record values (through the schema registry or as plain JSON). */
export interface ValueCodec {
  encode(value: unknown): Promise<Buffer>;
  decode(bytes: Buffer): Promise<unknown>;
  /** See `Codec.prepare`. */
  prepare?(): Promise<void>;
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
          `Fix it with: ${alterTopicConfigCommand(topic, 'cleanup.policy=compact')}`,
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
    let latest: Buffer | null = null;
    await readTopicsToEnd(kafka, [topic], {
      groupId: `${connectorName}.cursor-reader.${randomUUID()}`,
      timeoutMs: this.options.readTimeoutMs,
      description: `cursor topic "${topic}"`,
      onMessage: (_topic, _partition, message) => {
        if (message.key?.toString() === connectorName) latest = message.value;
      },
    });
    if (latest === null) return null;
    const record = parseCursorRecord(await codec.decode(latest));
    logger.info({ cursor: record }, 'read stored cursor');
    return record;
  }
}

/**
 * The independent reader: a fresh kafkajs consumer with `read_committed` isolation and its own
 * group, reading a topic from the beginning to its stable end. It shares no code with the
 * connector or the consumers; decoding (Confluent framing + JSON) is done by hand below.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { sleep } from './wait.js';

/** A committed record as read. */
export interface ReadRecord {
  readonly partition: number;
  readonly offset: bigint;
  readonly key: string | null;
  readonly headers: Readonly<Record<string, string>>;
  readonly value: Buffer | null;
}

/** What {@link readCommitted} returns. */
export interface TopicRead {
  /** Records in partition order, then offset order. */
  readonly records: ReadRecord[];
  /** Per partition, the end offset (high watermark) the read went to. */
  readonly ends: ReadonlyMap<number, bigint>;
  /** The reader's consumer group (delete it on a shared broker). */
  readonly groupId: string;
}

/**
 * The topic's end offsets once they stopped moving for a second: a broker answers a commit before
 * it writes the commit markers, and a read right after the last writer stopped would miss them.
 */
async function stableEnds(kafka: Kafka, topic: string): Promise<Map<number, { low: bigint; high: bigint }>> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let previous = '';
    for (let round = 0; round < 60; round += 1) {
      const offsets = await admin.fetchTopicOffsets(topic);
      const current = JSON.stringify(offsets);
      if (current === previous) return new Map(offsets.map((o) => [o.partition, { low: BigInt(o.low), high: BigInt(o.high) }]));
      previous = current;
      await sleep(1_000);
    }
    throw new Error(`the end of ${topic} kept moving for a minute: is something still writing?`);
  } finally {
    await admin.disconnect();
  }
}

/** Reads every committed record of `topic`, from the beginning to its stable end. */
export async function readCommitted(brokers: string, topic: string, timeoutMs = 300_000): Promise<TopicRead> {
  const kafka = new Kafka({ brokers: brokers.split(','), clientId: 'campaign-reader', logLevel: logLevel.NOTHING });
  const offsets = await stableEnds(kafka, topic);
  const ends = new Map([...offsets].map(([partition, o]) => [partition, o.high]));
  const pending = new Set([...offsets].filter(([, o]) => o.high > o.low).map(([partition]) => partition));
  const records: ReadRecord[] = [];
  const groupId = `campaign-reader-${randomBytes(4).toString('hex')}`;
  if (pending.size === 0) return { records, ends, groupId };
  // Per partition as much as the events topic can hold in one batch (WORKOS_EVENTS_MAX_MESSAGE_BYTES
  // goes up to 64 MiB): kafkajs' 1 MiB default would leave a big event behind a busier partition.
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200, maxBytes: 64 * 1024 * 1024, maxBytesPerPartition: 64 * 1024 * 1024 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out reading ${topic} (${records.length} records so far)`)), timeoutMs);
      // A batch holding only transaction markers or aborted records still moves the position;
      // eachMessage never sees it, END_BATCH_PROCESS does.
      consumer.on(consumer.events.END_BATCH_PROCESS, ({ payload }) => {
        const end = ends.get(payload.partition);
        if (end !== undefined && BigInt(payload.lastOffset) + 1n >= end) pending.delete(payload.partition);
        if (pending.size === 0) {
          clearTimeout(timer);
          resolve();
        }
      });
      consumer
        .run({
          autoCommit: false,
          eachMessage: async ({ partition, message }) => {
            const headers: Record<string, string> = {};
            for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
            records.push({ partition, offset: BigInt(message.offset), key: message.key?.toString() ?? null, headers, value: message.value });
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  records.sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : a.offset > b.offset ? 1 : 0));
  return { records, ends, groupId };
}

/**
 * Decodes a value written through a Confluent-compatible registry with a JSON Schema: magic byte
 * 0, a 4-byte big-endian schema id, then UTF-8 JSON. Returns undefined for anything else.
 */
export function decodeFramedJson(value: Buffer | null): { schemaId: number; value: unknown } | undefined {
  if (value === null || value.length < 6 || value[0] !== 0) return undefined;
  try {
    return { schemaId: value.readInt32BE(1), value: JSON.parse(value.subarray(5).toString('utf8')) as unknown };
  } catch {
    return undefined;
  }
}

/** Which of `schemaIds` the registry does not know (GET /schemas/ids/<id>). */
export async function unknownSchemaIds(registryUrl: string, schemaIds: Iterable<number>): Promise<number[]> {
  const base = registryUrl.replace(/\/+$/, '');
  const unknown: number[] = [];
  for (const id of new Set(schemaIds)) {
    const response = await fetch(`${base}/schemas/ids/${id}`).catch(() => undefined);
    if (!response?.ok) unknown.push(id);
    await response?.arrayBuffer().catch(() => undefined);
  }
  return unknown;
}

/**
 * Independent reads of what a connector left in Kafka: every committed event record up to the end
 * of the topic (so a duplicate written late cannot hide behind a count), the stored cursor the way
 * the connector reads it, and a live view of the cursor topic for watching progress cheaply.
 */
import type { Kafka } from 'kafkajs';
import { inject, onTestFinished } from 'vitest';
import type { CursorRecord } from '../../../../connector/cursor-record.js';
import { CursorStore } from '../../../../connector/cursor-store.js';
import { createLogger } from '../../../../core/logger.js';
import { readTopicsToEnd } from '../../../../core/read-topics-to-end.js';
import { createCodec } from '../../../../schemas/codec.js';
import { CURSOR_RECORD_SCHEMA } from '../../../../schemas/cursor-record.js';
import { EVENT_ENVELOPE_SCHEMA } from '../../../../schemas/event-envelope.js';
import type { WorkosEvent } from '../../../../emulator/event-types.js';
import type { ConnectorNames } from '../../../support/connector-harness.js';
import { testKafka, uniqueName } from '../../../support/kafka-test-kit.js';
import type { PublishedEvent } from '../../../support/published-events.js';

/**
 * Reads an events topic as a `read_committed` consumer from the beginning to its last stable
 * offsets (once they stop moving), and decodes every record. Call it when no connector is
 * writing; a transaction a killed instance left open is not read (it is not committed).
 */
export async function readAllPublishedEvents(topic: string, timeoutMs = 90_000): Promise<PublishedEvent[]> {
  const kafka = testKafka();
  const records = await readToEnd(kafka, topic, timeoutMs);
  const codec = createCodec({ topic, schema: EVENT_ENVELOPE_SCHEMA, registryUrl: inject('schemaRegistryUrl') });
  return Promise.all(
    records.map(async (record) => ({
      key: record.key,
      partition: record.partition,
      headers: record.headers,
      value: (await codec.decode(record.value as Buffer)) as PublishedEvent['value'],
    })),
  );
}

interface RawRecord {
  partition: number;
  key: string | null;
  value: Buffer | null;
  headers: Record<string, string>;
}

/**
 * The topic's last stable offsets once they stop moving. A broker answers a commit before it has
 * written the commit markers, and until then a read_committed reader (and the offsets it is given)
 * ends before that transaction; a test that reads right after a connector stopped would miss it.
 */
async function stableEnds(kafka: Kafka, topic: string): Promise<{ partition: number; high: string; low: string }[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    let previous = await admin.fetchTopicOffsets(topic);
    for (let round = 0; round < 40; round += 1) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const current = await admin.fetchTopicOffsets(topic);
      if (JSON.stringify(current) === JSON.stringify(previous)) return current;
      previous = current;
    }
    throw new Error(`the end of ${topic} kept moving for 10 s: is a connector still writing?`);
  } finally {
    await admin.disconnect();
  }
}

/** Every committed record of `topic` up to its stable end (see {@link stableEnds}). */
async function readToEnd(kafka: Kafka, topic: string, timeoutMs: number): Promise<RawRecord[]> {
  // Once the ends stop moving, the ends readTopicsToEnd takes at its start are those stable ends.
  await stableEnds(kafka, topic);
  const records: RawRecord[] = [];
  await readTopicsToEnd(kafka, [topic], {
    groupId: uniqueName('read-all'),
    timeoutMs,
    onMessage: (_topic, partition, message) => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
      records.push({ partition, key: message.key?.toString() ?? null, value: message.value, headers });
    },
  });
  return records;
}

/** A `CursorStore` reading `names.cursorTopic` under `connectorName`, exactly as the connector does. */
export function cursorStoreFor(names: ConnectorNames, connectorName = names.connectorName): CursorStore {
  return new CursorStore({
    kafka: testKafka(),
    topic: names.cursorTopic,
    connectorName,
    codec: createCodec({ topic: names.cursorTopic, schema: CURSOR_RECORD_SCHEMA, registryUrl: inject('schemaRegistryUrl') }),
    logger: createLogger({ level: 'silent' }),
  });
}

/** The stored cursor of `connectorName` (default: the test's connector), or null; call it when no connector writes. */
export async function readStoredCursor(names: ConnectorNames, connectorName = names.connectorName): Promise<CursorRecord | null> {
  await stableEnds(testKafka(), names.cursorTopic);
  return cursorStoreFor(names, connectorName).readLatest();
}

/** Every committed cursor record of a cursor topic, in order, with its key. */
export async function readAllCursorRecords(cursorTopic: string): Promise<{ key: string | null; value: CursorRecord }[]> {
  const records = await readToEnd(testKafka(), cursorTopic, 60_000);
  const codec = createCodec({ topic: cursorTopic, schema: CURSOR_RECORD_SCHEMA, registryUrl: inject('schemaRegistryUrl') });
  return Promise.all(records.map(async (record) => ({ key: record.key, value: (await codec.decode(record.value as Buffer)) as CursorRecord })));
}

/** A live `read_committed` view of a cursor topic: the newest committed cursor per connector name. */
export interface CursorWatch {
  latest(connectorName: string): CursorRecord | undefined;
}

/**
 * Follows `cursorTopic` (which must exist) for the rest of the test. Because the cursor commits in
 * the same transaction as its page, seeing a cursor means its events are committed too.
 */
export async function watchCursors(cursorTopic: string): Promise<CursorWatch> {
  const latest = new Map<string, CursorRecord>();
  const codec = createCodec({ topic: cursorTopic, schema: CURSOR_RECORD_SCHEMA, registryUrl: inject('schemaRegistryUrl') });
  const consumer = testKafka().consumer({ groupId: uniqueName('cursor-watch'), readUncommitted: false, maxWaitTimeInMs: 100 });
  await consumer.connect();
  onTestFinished(() => consumer.disconnect());
  await consumer.subscribe({ topic: cursorTopic, fromBeginning: true });
  await consumer.run({
    autoCommit: false,
    eachMessage: async ({ message }) => {
      if (message.key === null || message.value === null) return;
      latest.set(message.key.toString(), (await codec.decode(message.value)) as CursorRecord);
    },
  });
  return { latest: (connectorName) => latest.get(connectorName) };
}

/** How many served events a cursor at `eventId` covers: all up to and including it (0 for none). */
export function eventsCoveredBy(served: readonly WorkosEvent[], eventId: string | null | undefined): number {
  if (!eventId) return 0;
  const index = served.findIndex((event) => event.id === eventId);
  if (index < 0) throw new Error(`cursor names ${eventId}, which the emulator never served`);
  return index + 1;
}

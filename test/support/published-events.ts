import type { Kafka } from 'kafkajs';
import { expect, inject } from 'vitest';
import { createCodec } from '../../schemas/codec.js';
import { EVENT_ENVELOPE_SCHEMA } from '../../schemas/event-envelope.js';
import type { WorkosEvent } from '../../emulator/event-types.js';
import { readTopic } from './kafka-test-kit.js';

/** An event record as an independent `read_committed` reader decoded it. */
export interface PublishedEvent {
  readonly key: string | null;
  readonly partition: number;
  readonly headers: Record<string, string>;
  readonly value: { id: string; [field: string]: unknown };
}

/** Reads and decodes (through the registry) every committed record of an events topic. */
export async function readPublishedEvents(kafka: Kafka, topic: string, expected: number, timeoutMs = 60_000): Promise<PublishedEvent[]> {
  const codec = createCodec({ topic, schema: EVENT_ENVELOPE_SCHEMA, registryUrl: inject('schemaRegistryUrl') });
  const records = await readTopic(kafka, topic, expected, timeoutMs);
  return Promise.all(
    records.map(async (record) => ({
      key: record.key,
      partition: record.partition,
      headers: record.headers,
      value: (await codec.decode(record.value)) as PublishedEvent['value'],
    })),
  );
}

/**
 * The exactly-once check: every served event present once, each decoded value equal to the JSON
 * the emulator served, and within each key the API's order.
 */
export function expectExactlyOnceInOrder(published: readonly PublishedEvent[], served: readonly WorkosEvent[]): void {
  const ids = published.map((event) => event.value.id);
  const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
  expect(duplicates.slice(0, 5), 'duplicated event ids').toEqual([]);
  const servedById = new Map(served.map((event) => [event.id, event]));
  const seen = new Set(ids);
  const missing = served.filter((event) => !seen.has(event.id)).map((event) => event.id);
  expect(missing.slice(0, 5), `missing ${missing.length} events`).toEqual([]);
  expect(published.length).toBe(served.length);

  const apiPosition = new Map(served.map((event, index) => [event.id, index]));
  const byKey = new Map<string, number[]>();
  for (const event of published) {
    expect(event.value).toEqual(JSON.parse(JSON.stringify(servedById.get(event.value.id))));
    const positions = byKey.get(event.key ?? '') ?? [];
    positions.push(apiPosition.get(event.value.id) ?? -1);
    byKey.set(event.key ?? '', positions);
  }
  for (const [key, positions] of byKey) {
    expect(positions, `order within key ${key}`).toEqual([...positions].sort((a, b) => a - b));
  }
}

/**
 * Pre-fills a `workos.events`-shaped topic for the consumer benchmarks: the records the connector
 * would publish (partition key, registry-framed value, headers), written by a fast plain producer.
 * Filling is setup, never timed as part of a result.
 */
import type { Message } from 'kafkajs';
import { toEventMessage } from '../connector/event-message.js';
import type { WorkosEvent } from '../emulator/event-types.js';
import { createCodec } from '../schemas/codec.js';
import { EVENT_ENVELOPE_SCHEMA } from '../schemas/event-envelope.js';
import { say, type BenchEnv } from './bench-env.js';
import { connectPlainProducer, createBenchTopic, fillTopic } from './kafka-records.js';
import { nowMs } from './stats.js';

/** Records per produce request while filling. */
export const FILL_BATCH = 1_000;

/** Creates `topic` with `partitions` and writes `events` to it; returns the elapsed ms. */
export async function fillEventsTopic(env: BenchEnv, topic: string, partitions: number, events: Iterable<WorkosEvent>, count: number): Promise<number> {
  const started = nowMs();
  await createBenchTopic(env, topic, partitions);
  const codec = createCodec({ topic, schema: EVENT_ENVELOPE_SCHEMA, registryUrl: env.registryUrl });
  async function* batches(): AsyncGenerator<Message[]> {
    let batch: WorkosEvent[] = [];
    for (const event of events) {
      batch.push(event);
      if (batch.length === FILL_BATCH) {
        yield await Promise.all(batch.map((e) => toEventMessage(e, codec)));
        batch = [];
      }
    }
    if (batch.length > 0) yield await Promise.all(batch.map((e) => toEventMessage(e, codec)));
  }
  const producer = await connectPlainProducer(env.kafka('bench-fill'));
  let lastSaid = nowMs();
  try {
    const written = await fillTopic(producer, topic, batches(), 4, (total) => {
      if (nowMs() - lastSaid < 10_000) return;
      lastSaid = nowMs();
      say(`  filling ${topic}: ${total.toLocaleString('en-US')} of ${count.toLocaleString('en-US')}`);
    });
    if (written !== count) throw new Error(`filled ${written} records into ${topic}, expected ${count}`);
  } finally {
    await producer.disconnect();
  }
  return nowMs() - started;
}

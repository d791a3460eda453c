/**
 * Kafka-side helpers of the benchmarks: fresh topics, the connector's exact record encoding, and a
 * plain (non-transactional) kafkajs producer used as the baseline and to pre-fill topics.
 */
import kafkajs, { logLevel } from 'kafkajs';
import { newKafkaClient } from '../core/kafkajs-client.js';
import type { Kafka, Message, Producer } from 'kafkajs';
import { toEventMessage } from '../connector/event-message.js';
import { DEFAULT_EVENTS_MAX_MESSAGE_BYTES } from '../core/message-size.js';
import type { RawWorkosEvent } from '../connector/workos-event.js';
import type { Codec } from '../schemas/codec.js';
import type { BenchEnv } from './bench-env.js';
import { nowMs } from './stats.js';

/**
 * The settings the connector gives an events topic it creates (`max.message.bytes` at
 * WORKOS_EVENTS_MAX_MESSAGE_BYTES' default), for a bench that creates it first: a connector
 * finding the broker's 1 MiB default there would warn, as it does for a topic left too small.
 */
export const CONNECTOR_EVENTS_TOPIC_CONFIG: Readonly<Record<string, string>> = Object.freeze({ 'max.message.bytes': String(DEFAULT_EVENTS_MAX_MESSAGE_BYTES) });

/** Creates `topic` (delete retention unless `config` says otherwise), waits for its leaders, schedules its deletion. */
export async function createBenchTopic(env: BenchEnv, topic: string, partitions: number, config: Record<string, string> = {}): Promise<void> {
  // Quiet client: the metadata polls below fail on purpose for a moment, kafkajs would log each.
  const admin = newKafkaClient({ clientId: 'bench-admin', brokers: [...env.brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    const configEntries = Object.entries(config).map(([name, value]) => ({ name, value }));
    await admin.createTopics({ waitForLeaders: false, topics: [{ topic, numPartitions: partitions, replicationFactor: -1, configEntries }] });
    env.dropTopicsLater(topic);
    // kafkajs' waitForLeaders gives up on UNKNOWN_TOPIC_OR_PARTITION, which a busy broker answers
    // for a moment after creating the topic; poll the metadata instead.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const ready = await admin
        .fetchTopicMetadata({ topics: [topic] })
        .then(({ topics }) => topics[0]?.partitions.length === partitions && topics[0].partitions.every((p) => p.leader >= 0))
        .catch(() => false);
      if (ready) break;
      if (Date.now() > deadline) throw new Error(`topic ${topic} has no leaders after 60 s`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

/**
 * The records the connector would publish for `events`: same key (partition-key rule), same
 * registry-framed value, same headers. Encoded a page (100) at a time, as the publisher does.
 */
export async function encodeLikeConnector(events: readonly RawWorkosEvent[], codec: Codec): Promise<Message[]> {
  const out: Message[] = [];
  for (let i = 0; i < events.length; i += 100) {
    out.push(...(await Promise.all(events.slice(i, i + 100).map((event) => toEventMessage(event, codec)))));
  }
  return out;
}

/**
 * A plain producer: not transactional, not idempotent, murmur2 partitioner like the connector's
 * (so records land in the same partitions).
 */
export async function connectPlainProducer(kafka: Kafka): Promise<Producer> {
  const producer = kafka.producer({ idempotent: false, createPartitioner: kafkajs.Partitioners.DefaultPartitioner });
  await producer.connect();
  return producer;
}

/** Sends `messages` in batches of `batchSize`, one batch at a time (acks=all); returns elapsed ms. */
export async function sendSequentially(producer: Producer, topic: string, messages: readonly Message[], batchSize: number): Promise<number> {
  const started = nowMs();
  for (let i = 0; i < messages.length; i += batchSize) {
    await producer.send({ topic, acks: -1, messages: messages.slice(i, i + batchSize) });
  }
  return nowMs() - started;
}

/**
 * Fills `topic` as fast as a plain producer can: batches of `batchSize` with up to `inFlight`
 * sends outstanding, pulling records from `source` lazily so a million never sit in memory.
 */
export async function fillTopic(
  producer: Producer,
  topic: string,
  source: AsyncIterable<Message[]>,
  inFlight = 4,
  onSent?: (total: number) => void,
): Promise<number> {
  let total = 0;
  let failure: unknown;
  const pending = new Set<Promise<void>>();
  for await (const batch of source) {
    const send: Promise<void> = producer.send({ topic, acks: -1, messages: batch }).then(
      () => {
        total += batch.length;
        onSent?.(total);
      },
      (err: unknown) => {
        failure ??= err;
      },
    );
    pending.add(send);
    void send.finally(() => pending.delete(send));
    if (pending.size >= inFlight) await Promise.race(pending);
    if (failure !== undefined) break;
  }
  await Promise.all(pending);
  if (failure !== undefined) throw failure;
  return total;
}

import { randomBytes } from 'node:crypto';
import { inject, onTestFinished } from 'vitest';
import { logLevel, type Admin, type Consumer, type Kafka, type Producer } from 'kafkajs';
import { newKafkaClient } from '../../core/kafkajs-client.js';
import { ensureTopic } from '../../core/topics.js';

/** A short random suffix so each test has its own topics, groups and transactional ids. */
export function uniqueName(prefix: string): string {
  return `${prefix}-${randomBytes(5).toString('hex')}`;
}

/** The broker list the global setup provided. */
export function testBrokers(): string[] {
  return inject('kafkaBrokers').split(',');
}

/** A kafkajs client for the run's broker; quiet unless something is wrong. */
export function testKafka(clientId = uniqueName('test')): Kafka {
  return newKafkaClient({ clientId, brokers: testBrokers(), logLevel: logLevel.NOTHING });
}

/** Connects an admin client and disconnects it when the current test finishes. */
export async function connectedAdmin(kafka: Kafka): Promise<Admin> {
  const admin = kafka.admin();
  await admin.connect();
  onTestFinished(() => admin.disconnect());
  return admin;
}

/** Creates a fresh topic for the current test. */
export async function createTestTopic(kafka: Kafka, prefix: string, numPartitions = 3): Promise<string> {
  const topic = uniqueName(prefix);
  const admin = await connectedAdmin(kafka);
  // The product's ensureTopic: kafkajs' own leader wait gives up on UNKNOWN_TOPIC_OR_PARTITION,
  // which a busy broker answers for a moment after a creation.
  await ensureTopic(admin, { topic, numPartitions, replicationFactor: -1 });
  return topic;
}

/** Registers disconnects for clients created in a test. */
export function disconnectAfterTest(client: Producer | Consumer | Admin): void {
  onTestFinished(() => client.disconnect());
}

/** A record as a reader saw it. */
export interface ReadRecord {
  readonly partition: number;
  readonly offset: string;
  readonly key: string | null;
  readonly value: Buffer | null;
  readonly headers: Record<string, string>;
}

/**
 * Reads a topic from the beginning as a `read_committed` consumer until `expected` records arrived
 * or `timeoutMs` passed, then returns what it saw (the caller asserts the count).
 */
export async function readTopic(kafka: Kafka, topic: string, expected: number, timeoutMs = 30_000): Promise<ReadRecord[]> {
  const consumer = kafka.consumer({ groupId: uniqueName('reader'), readUncommitted: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen: ReadRecord[] = [];
  try {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, timeoutMs);
      void consumer.run({
        eachMessage: async ({ partition, message }) => {
          const headers: Record<string, string> = {};
          for (const [name, value] of Object.entries(message.headers ?? {})) headers[name] = String(value);
          seen.push({ partition, offset: message.offset, key: message.key?.toString() ?? null, value: message.value, headers });
          if (seen.length >= expected) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
  } finally {
    await consumer.disconnect();
  }
  return seen;
}

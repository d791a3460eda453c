/**
 * Helpers for consumer integration tests: publish events the way the connector does (JSON value,
 * organization key, identifying headers, record timestamp = event time), and wait until a group
 * has committed everything.
 */
import type { Admin, Kafka } from 'kafkajs';
import { onTestFinished } from 'vitest';
import { parseTimestampMs } from '../../../../core/workos-timestamp.js';
import type { WorkosEvent } from '../../../../consumers/events/workos-event.js';
import { connectedAdmin, createTestTopic, testKafka } from '../../../support/kafka-test-kit.js';
import { waitFor } from '../../../support/wait-for.js';
import { partitionKeyOf } from './event-stream.js';

/** A client, a fresh topic named after `prefix` and an admin to watch groups on it (disconnected after the test). */
export async function freshEventsTopic(prefix: string, partitions: number): Promise<{ kafka: Kafka; topic: string; admin: Admin }> {
  const kafka = testKafka();
  const topic = await createTestTopic(kafka, prefix, partitions);
  return { kafka, topic, admin: await connectedAdmin(kafka) };
}

/** Produces `events` to `topic` in order, as the connector would publish them. */
export async function publishEvents(kafka: Kafka, topic: string, events: readonly WorkosEvent[]): Promise<void> {
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    for (let i = 0; i < events.length; i += 500) {
      await producer.send({
        topic,
        acks: -1,
        messages: events.slice(i, i + 500).map((event) => ({
          key: partitionKeyOf(event),
          value: JSON.stringify(event),
          timestamp: String(parseTimestampMs(event.created_at) ?? Date.now()),
          headers: { 'workos-event-id': event.id, 'workos-event-type': event.event, 'workos-created-at': event.created_at },
        })),
      });
    }
  } finally {
    await producer.disconnect();
  }
}

/** Produces raw records (for poison bytes and the like). */
export async function publishRaw(kafka: Kafka, topic: string, messages: Array<{ key?: string; value: Buffer | string | null; partition?: number; headers?: Record<string, string> }>): Promise<void> {
  // Idempotent: a retried send on a busy broker must not write a record twice.
  const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

/** The end offset (next offset to be written) of every partition. */
export async function endOffsets(admin: Admin, topic: string): Promise<Map<number, string>> {
  return new Map((await admin.fetchTopicOffsets(topic)).map((p) => [p.partition, p.high]));
}

/** Whether `groupId` has committed every partition of `topic` up to its end. */
export async function isCaughtUp(admin: Admin, groupId: string, topic: string): Promise<boolean> {
  const ends = await endOffsets(admin, topic);
  const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return [...ends].every(([partition, end]) => end === '0' || committed?.partitions.find((p) => p.partition === partition)?.offset === end);
}

/** Waits until `groupId` committed everything in `topic`. */
export async function waitUntilCaughtUp(admin: Admin, groupId: string, topic: string, timeoutMs = 60_000): Promise<void> {
  await waitFor(() => isCaughtUp(admin, groupId, topic), `group ${groupId} to commit all of ${topic}`, timeoutMs, 250);
}

/** Waits until the group has no members (after a stop, the coordinator may lag a moment). */
export async function waitUntilGroupEmpty(admin: Admin, groupId: string, timeoutMs = 30_000): Promise<void> {
  await waitFor(
    async () => {
      const { groups } = await admin.describeGroups([groupId]);
      return (groups[0]?.members.length ?? 0) === 0;
    },
    `group ${groupId} to have no members`,
    timeoutMs,
    200,
  );
}

/** Registers `stop` to run when the test finishes (stop is idempotent in the runtime). */
export function stopAfterTest(run: { stop(): Promise<void> }): void {
  onTestFinished(() => run.stop());
}

/**
 * The consumer runtime against the real broker: independent groups, dead-lettering, retries in
 * place, per-partition order, graceful stop.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '../../../consumers/runtime/dead-letter.js';
import { jsonDecoder } from '../../../consumers/runtime/json-decoder.js';
import type { HandlerContext } from '../../../consumers/runtime/record-types.js';
import { runConsumerGroup } from '../../../consumers/runtime/run-consumer-group.js';
import { ConnectorError } from '../../../core/errors.js';
import { connectedAdmin, createTestTopic, readTopic, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { publishRaw, stopAfterTest, waitUntilCaughtUp } from './support/consumer-kit.js';
import { FAST_RETRY, startNumberedGroup } from './support/numbered-group.js';

const logger = pino({ level: 'silent' });

interface Seen {
  n: number;
  partition: number;
  offset: string;
  attempt: number;
}

/** Starts a group whose handler records `{n}` values, optionally failing through `fail`. */
async function recordingGroup(topic: string, groupId: string, fail?: (value: { n: number }, ctx: HandlerContext) => void) {
  const seen: Seen[] = [];
  const run = await startNumberedGroup(topic, groupId, async (value, ctx) => {
    fail?.(value, ctx);
    seen.push({ n: value.n, partition: ctx.record.partition, offset: ctx.record.offset, attempt: ctx.attempt });
  });
  return { run, seen };
}

const numbered = (from: number, to: number, partitions = 1) =>
  Array.from({ length: to - from }, (_, i) => ({ value: JSON.stringify({ n: from + i }), partition: (from + i) % partitions }));

describe('consumer runtime', () => {
  it('runs two groups on one topic independently; stopping one does not hold back the other', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'runtime-groups', 2);
    const a = await recordingGroup(topic, uniqueName('group-a'));
    const b = await recordingGroup(topic, uniqueName('group-b'));
    await publishRaw(kafka, topic, numbered(0, 20, 2));
    await waitFor(() => a.seen.length === 20 && b.seen.length === 20, 'both groups to read the first 20');

    await a.run.stop();
    await publishRaw(kafka, topic, numbered(20, 40, 2));
    await waitFor(() => b.seen.length === 40, 'group b to read all 40 while a is stopped');
    expect(a.seen).toHaveLength(20);
    expect(new Set(b.seen.map((s) => s.n)).size).toBe(40);
  });

  it('commits on graceful stop, so a restarted group resumes without redelivery', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'runtime-resume', 1);
    const groupId = uniqueName('group');
    const first = await recordingGroup(topic, groupId);
    await publishRaw(kafka, topic, numbered(0, 15));
    await waitFor(() => first.seen.length === 15, 'the first 15 records');
    await first.run.stop();
    await expect(first.run.done).resolves.toBeUndefined();

    await publishRaw(kafka, topic, numbered(15, 25));
    const second = await recordingGroup(topic, groupId);
    await waitFor(() => second.seen.length === 10, 'the 10 new records');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(second.seen.map((s) => s.n)).toEqual(Array.from({ length: 10 }, (_, i) => 15 + i));
  });

  it('dead-letters a poison record with its reason and moves the partition on', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'runtime-poison', 1);
    const groupId = uniqueName('group');
    const poison = Buffer.from([0xff, 0xfe, 0x00, 0x42]);
    await publishRaw(kafka, topic, [
      { key: 'org_1', value: JSON.stringify({ n: 1 }) },
      { key: 'org_1', value: poison, headers: { 'workos-event-id': 'event_poison' } },
      { key: 'org_1', value: JSON.stringify({ n: 3 }) },
    ]);
    const group = await recordingGroup(topic, groupId);
    await waitFor(() => group.seen.length === 2, 'the two good records');
    expect(group.seen.map((s) => s.n)).toEqual([1, 3]);

    const [dead, ...more] = await readTopic(kafka, `${groupId}.dlq`, 1);
    expect(more).toHaveLength(0);
    expect(dead?.key).toBe('org_1');
    expect(dead?.value?.equals(poison)).toBe(true);
    expect(dead?.headers).toMatchObject({
      'workos-event-id': 'event_poison',
      [DLQ_HEADERS.errorCode]: 'DECODE_FAILED',
      [DLQ_HEADERS.attempts]: '1',
      [DLQ_HEADERS.group]: groupId,
      [DLQ_HEADERS.topic]: topic,
      [DLQ_HEADERS.partition]: '0',
      [DLQ_HEADERS.offset]: '1',
    });
    expect(dead?.headers[DLQ_HEADERS.error]).toMatch(/not JSON/);
    const admin = await connectedAdmin(kafka);
    await waitUntilCaughtUp(admin, groupId, topic);
  });

  it('retries a retriable failure in place without skipping ahead, and dead-letters one that keeps failing', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'runtime-retry', 1);
    const groupId = uniqueName('group');
    await publishRaw(kafka, topic, numbered(0, 6));
    const group = await recordingGroup(topic, groupId, (value, ctx) => {
      if (value.n === 2 && ctx.attempt < 3) throw new ConnectorError('database busy', { code: 'HANDLER_FAILED', retriable: true });
      if (value.n === 4) throw new Error('always down');
    });
    await waitFor(() => group.seen.length === 5, 'all records but the hopeless one');
    expect(group.seen.map((s) => [s.n, s.attempt])).toEqual([
      [0, 1],
      [1, 1],
      [2, 3],
      [3, 1],
      [5, 1],
    ]);
    const [dead] = await readTopic(kafka, `${groupId}.dlq`, 1);
    expect(dead?.headers).toMatchObject({ [DLQ_HEADERS.attempts]: String(FAST_RETRY.maxAttempts), [DLQ_HEADERS.errorCode]: 'HANDLER_FAILED', [DLQ_HEADERS.offset]: '4' });
    expect(dead?.headers[DLQ_HEADERS.error]).toMatch(/always down/);
  });

  it('keeps each partition in offset order, one record at a time, while consuming partitions concurrently', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'runtime-order', 3);
    await publishRaw(kafka, topic, numbered(0, 90, 3));
    const seen: Array<{ partition: number; offset: number }> = [];
    const activePerPartition = new Map<number, number>();
    let active = 0;
    let maxActive = 0;
    let maxPerPartition = 0;
    const run = await runConsumerGroup({
      kafka,
      groupId: uniqueName('group'),
      topic,
      logger,
      decode: jsonDecoder,
      partitionsConsumedConcurrently: 3,
      handler: async (_value, { record }) => {
        const mine = (activePerPartition.get(record.partition) ?? 0) + 1;
        activePerPartition.set(record.partition, mine);
        active += 1;
        maxActive = Math.max(maxActive, active);
        maxPerPartition = Math.max(maxPerPartition, mine);
        await new Promise((resolve) => setTimeout(resolve, 5));
        seen.push({ partition: record.partition, offset: Number(record.offset) });
        active -= 1;
        activePerPartition.set(record.partition, mine - 1);
      },
    });
    stopAfterTest(run);
    // ≥, not ===: a redelivered record must fail the order check below, not time out here.
    await waitFor(() => seen.length >= 90, 'all 90 records');
    expect(seen).toHaveLength(90);
    for (const partition of [0, 1, 2]) {
      const offsets = seen.filter((s) => s.partition === partition).map((s) => s.offset);
      expect(offsets).toEqual(Array.from({ length: 30 }, (_, i) => i));
    }
    expect(maxPerPartition).toBe(1);
    expect(maxActive).toBeGreaterThan(1);
  });
  it('on stop() finishes the record in hand, commits it and leaves, so nothing is redelivered', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'runtime-stop', 1);
    const groupId = uniqueName('group');
    await publishRaw(kafka, topic, numbered(0, 5));
    let started = 0;
    const finished: number[] = [];
    const slow = await runConsumerGroup<{ n: number }>({
      kafka,
      groupId,
      topic,
      logger,
      decode: jsonDecoder as (value: Buffer) => Promise<{ n: number }>,
      handler: async (value) => {
        started += 1;
        await new Promise((resolve) => setTimeout(resolve, 400));
        finished.push(value.n);
      },
    });
    stopAfterTest(slow);
    await waitFor(() => started === 2, 'the second record to be in hand');
    await slow.stop();
    // The record in hand completed; the batch stopped after it.
    expect(finished).toEqual([0, 1]);
    const admin = await connectedAdmin(kafka);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed?.partitions[0]?.offset).toBe('2');
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0]?.members ?? []).toHaveLength(0);

    const rest = await recordingGroup(topic, groupId);
    await waitFor(() => rest.seen.length === 3, 'the remaining three records');
    expect(rest.seen.map((s) => s.n)).toEqual([2, 3, 4]);
  });

  it('survives a rebalance when a second member joins mid-stream, losing nothing', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'runtime-rebalance', 3);
    const groupId = uniqueName('group');
    await publishRaw(kafka, topic, numbered(0, 240, 3));
    const seen = new Set<number>();
    const slowHandler = async (value: { n: number }) => {
      await new Promise((resolve) => setTimeout(resolve, 10));
      seen.add(value.n);
    };
    const options = { kafka, groupId, topic, logger, decode: jsonDecoder as (value: Buffer) => Promise<{ n: number }>, handler: slowHandler, heartbeatIntervalMs: 500 };
    const first = await runConsumerGroup(options);
    stopAfterTest(first);
    await waitFor(() => seen.size >= 30, 'the first member to make progress');
    const second = await runConsumerGroup(options);
    stopAfterTest(second);
    const admin = await connectedAdmin(kafka);
    await waitUntilCaughtUp(admin, groupId, topic, 90_000);
    expect(seen.size).toBe(240);
    const { groups } = await admin.describeGroups([groupId]);
    expect(groups[0]?.members).toHaveLength(2);
  });
});

/**
 * The consumer runtime's batch path against the real broker: records at hand go to the batch
 * handler many at a time, in order; a batch that fails is redone in halves and, in short runs, one
 * record at a time, so a poison record is still dead-lettered alone and every other record is
 * handled exactly once.
 */
import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS } from '../../../consumers/runtime/dead-letter.js';
import type { BatchHandler, RecordHandler } from '../../../consumers/runtime/record-types.js';
import { ConnectorError } from '../../../core/errors.js';
import { connectedAdmin, createTestTopic, readTopic, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { publishRaw, waitUntilCaughtUp } from './support/consumer-kit.js';
import { startNumberedGroup, type Numbered } from './support/numbered-group.js';

/** A group with both handlers, recording which path handled each value. */
async function batchingGroup(topic: string, groupId: string, failBatch: (values: readonly Numbered[]) => void = () => undefined, maxBatchRecords = 25) {
  const handled: Array<{ n: number; partition: number; via: 'batch' | 'record' }> = [];
  const batchSizes: number[] = [];
  const batchHandler: BatchHandler<Numbered> = async (records) => {
    failBatch(records.map((r) => r.value));
    batchSizes.push(records.length);
    for (const { value, record } of records) handled.push({ n: value.n, partition: record.partition, via: 'batch' });
  };
  const handler: RecordHandler<Numbered> = async (value, { record }) => {
    handled.push({ n: value.n, partition: record.partition, via: 'record' });
  };
  await startNumberedGroup(topic, groupId, handler, { batchHandler, maxBatchRecords, retry: { maxAttempts: 2, initialDelayMs: 20, maxDelayMs: 50 } });
  return { handled, batchSizes };
}

const numbered = (count: number, partitions: number) =>
  Array.from({ length: count }, (_, n) => ({ key: `k${n % partitions}`, value: JSON.stringify({ n }), partition: n % partitions }));

describe('consumer runtime batch path', () => {
  it('hands records over in batches of at most maxBatchRecords, in partition order, each once, and commits them', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'batch-order', 2);
    const groupId = uniqueName('group');
    await publishRaw(kafka, topic, numbered(200, 2));
    const group = await batchingGroup(topic, groupId);
    await waitUntilCaughtUp(await connectedAdmin(kafka), groupId, topic);
    expect(group.handled).toHaveLength(200);
    for (const partition of [0, 1]) {
      const ns = group.handled.filter((h) => h.partition === partition).map((h) => h.n);
      expect(ns).toEqual(Array.from({ length: 100 }, (_, i) => i * 2 + partition));
    }
    expect(Math.max(...group.batchSizes)).toBeLessThanOrEqual(25);
    // Records were at hand before the group started: most went through the batch handler.
    expect(group.handled.filter((h) => h.via === 'batch').length).toBeGreaterThan(150);
  });

  it('redoes a batch holding a poison record one by one: the poison is dead-lettered, the rest handled once', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'batch-poison', 1);
    const groupId = uniqueName('group');
    const poison = Buffer.from('{"n": 5', 'utf8');
    await publishRaw(kafka, topic, [
      ...numbered(5, 1),
      { key: 'k0', value: poison, partition: 0 },
      ...numbered(40, 1).slice(6),
    ]);
    const group = await batchingGroup(topic, groupId);
    await waitUntilCaughtUp(await connectedAdmin(kafka), groupId, topic);
    expect(group.handled.map((h) => h.n)).toEqual([0, 1, 2, 3, 4, ...Array.from({ length: 34 }, (_, i) => i + 6)]);
    // The batch with the poison in it fell back to the record handler.
    expect(group.handled.find((h) => h.n === 4)?.via).toBe('record');
    const [dead, ...more] = await readTopic(kafka, `${groupId}.dlq`, 1);
    expect(more).toHaveLength(0);
    expect(dead?.value?.equals(poison)).toBe(true);
    expect(dead?.headers).toMatchObject({ [DLQ_HEADERS.errorCode]: 'DECODE_FAILED', [DLQ_HEADERS.offset]: '5' });
  });

  it('tries a big failed batch again in halves: only a short run around the poison goes one record at a time', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'batch-halves', 1);
    const groupId = uniqueName('group');
    const poison = Buffer.from('{"n": 150', 'utf8');
    await publishRaw(kafka, topic, [...numbered(150, 1), { key: 'k0', value: poison, partition: 0 }, ...numbered(300, 1).slice(151)]);
    const group = await batchingGroup(topic, groupId, undefined, 300);
    await waitUntilCaughtUp(await connectedAdmin(kafka), groupId, topic);
    expect(group.handled.map((h) => h.n)).toEqual(Array.from({ length: 300 }, (_, n) => n).filter((n) => n !== 150));
    const viaRecord = group.handled.filter((h) => h.via === 'record').map((h) => h.n);
    // The records next to the poison, at most one short run (64) of them; the rest went in batches.
    expect(viaRecord.length).toBeGreaterThan(0);
    expect(viaRecord.length).toBeLessThan(64);
    expect(Math.max(...viaRecord) - Math.min(...viaRecord)).toBeLessThan(64);
    const [dead, ...more] = await readTopic(kafka, `${groupId}.dlq`, 1);
    expect(more).toHaveLength(0);
    expect(dead?.headers).toMatchObject({ [DLQ_HEADERS.errorCode]: 'DECODE_FAILED', [DLQ_HEADERS.offset]: '150' });
  });

  it('falls back to one record at a time when the batch handler fails, losing and repeating nothing', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'batch-fails', 1);
    const groupId = uniqueName('group');
    await publishRaw(kafka, topic, numbered(60, 1));
    let failures = 0;
    const group = await batchingGroup(topic, groupId, (values) => {
      if (values.some((v) => v.n === 30)) {
        failures += 1;
        throw new ConnectorError('database restarting', { code: 'HANDLER_FAILED', retriable: true });
      }
    });
    await waitFor(() => group.handled.length === 60, 'all 60 records');
    expect(group.handled.map((h) => h.n)).toEqual(Array.from({ length: 60 }, (_, n) => n));
    expect(failures).toBeGreaterThan(0);
    expect(group.handled.find((h) => h.n === 30)?.via).toBe('record');
    const admin = await connectedAdmin(kafka);
    await waitUntilCaughtUp(admin, groupId, topic);
    // Nothing was dead-lettered: the dead-letter topic (created at start) is still empty.
    expect((await admin.fetchTopicOffsets(`${groupId}.dlq`)).map((p) => p.high)).toEqual(['0']);
  });
});

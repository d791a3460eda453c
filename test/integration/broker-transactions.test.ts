import { describe, expect, it } from 'vitest';
import { createTestTopic, disconnectAfterTest, readTopic, testKafka, uniqueName } from '../support/kafka-test-kit.js';

describe('the real broker the suite runs against', () => {
  it('delivers committed transactions to a read_committed reader and hides aborted ones', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'tx');
    const producer = kafka.producer({ transactionalId: uniqueName('tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    disconnectAfterTest(producer);

    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ key: 'org_a', value: 'aborted-1' }] });
    await aborted.abort();

    const committed = await producer.transaction();
    await committed.send({
      topic,
      messages: [
        { key: 'org_a', value: 'one' },
        { key: 'org_a', value: 'two' },
        { key: 'org_b', value: 'three' },
      ],
    });
    await committed.commit();

    const records = await readTopic(kafka, topic, 3);
    expect(records.map((record) => record.value?.toString()).sort()).toEqual(['one', 'three', 'two']);
    const orgA = records.filter((record) => record.key === 'org_a');
    expect(orgA.map((record) => record.value?.toString())).toEqual(['one', 'two']);
    expect(new Set(orgA.map((record) => record.partition)).size).toBe(1);
  });

  it('fences the older of two producers sharing a transactional id', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'fence', 1);
    const transactionalId = uniqueName('fence');
    const first = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    const second = kafka.producer({ transactionalId, idempotent: true, maxInFlightRequests: 1 });
    await first.connect();
    disconnectAfterTest(first);
    const zombie = await first.transaction();
    await zombie.send({ topic, messages: [{ value: 'zombie' }] });
    await second.connect();
    disconnectAfterTest(second);
    const winner = await second.transaction();
    await winner.send({ topic, messages: [{ value: 'winner' }] });
    await winner.commit();

    await expect(zombie.commit()).rejects.toThrow(/epoch|fenced|newer producer/i);
    const records = await readTopic(kafka, topic, 1, 5_000);
    expect(records.map((record) => record.value?.toString())).toEqual(['winner']);
  });
});

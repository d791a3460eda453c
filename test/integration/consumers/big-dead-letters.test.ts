/**
 * A big record that cannot be handled: the events topic takes 8 MiB batches (the connector's
 * default), so an incompressible 1.5 MiB record reaches the group; when its handling fails it must
 * be dead-lettered whole (not retried forever against a dead-letter topic with the broker's 1 MiB
 * default), listed, and redriven once its cause is fixed, through the real broker.
 */
import { randomBytes } from 'node:crypto';
import kafkajs from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { inspectDeadLetters, redriveDeadLetters } from '../../../consumers/dead-letters/dead-letter-admin.js';
import { runConsumerGroup } from '../../../consumers/runtime/run-consumer-group.js';
import { deadLetterMaxMessageBytes } from '../../../consumers/runtime/dead-letter.js';
import { DEFAULT_EVENTS_MAX_MESSAGE_BYTES } from '../../../core/message-size.js';
import { describeTopicConfig, ensureTopic } from '../../../core/topics.js';
import { connectedAdmin, disconnectAfterTest, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { stopAfterTest } from './support/consumer-kit.js';

const { CompressionTypes } = kafkajs;
const logger = pino({ level: 'silent' });
const BIG_BYTES = 1.5 * 1024 * 1024;

describe('a big record dead-lettered', () => {
  it('is written whole to <group>.dlq, listed, and applied once when redriven after the fix', { timeout: 180_000 }, async () => {
    const kafka = testKafka();
    const admin = await connectedAdmin(kafka);
    const topic = uniqueName('big-dead-letters');
    await ensureTopic(admin, { topic, numPartitions: 1, replicationFactor: -1, configEntries: { 'max.message.bytes': String(DEFAULT_EVENTS_MAX_MESSAGE_BYTES) } });
    const big = randomBytes(BIG_BYTES);
    const producer = kafka.producer({ allowAutoTopicCreation: false });
    await producer.connect();
    disconnectAfterTest(producer);
    await producer.send({
      topic,
      acks: -1,
      compression: CompressionTypes.GZIP,
      messages: [
        { key: 'org_big', value: big },
        { key: 'org_small', value: Buffer.from('small') },
      ],
    });

    // The handler refuses the big record until its cause is "fixed".
    let fixed = false;
    const handled: Array<{ topic: string; bytes: number }> = [];
    const groupId = uniqueName('big-dlq-group');
    const run = await runConsumerGroup<Buffer>({
      kafka,
      groupId,
      topic,
      logger,
      decode: async (value) => value,
      retry: { maxAttempts: 2, initialDelayMs: 20, maxDelayMs: 50 },
      handler: async (value, { record }) => {
        if (value.length === BIG_BYTES && !fixed) throw new Error('receiver refuses big payloads');
        handled.push({ topic: record.topic, bytes: value.length });
      },
    });
    stopAfterTest(run);

    await waitFor(() => handled.some((h) => h.bytes === 5), 'the record behind the big one', 90_000, 50);
    const dlqConfig = await describeTopicConfig(admin, `${groupId}.dlq`);
    expect(Number(dlqConfig['max.message.bytes'])).toBeGreaterThanOrEqual(DEFAULT_EVENTS_MAX_MESSAGE_BYTES);
    const report = await inspectDeadLetters(kafka, groupId);
    expect(report.deadLetters).toHaveLength(1);
    const [letter] = report.deadLetters;
    expect(letter?.error).toMatch(/receiver refuses big payloads/);
    expect(letter?.record.value?.equals(big), 'the dead letter carries the record whole').toBe(true);
    expect(handled.filter((h) => h.bytes === BIG_BYTES)).toEqual([]);

    // Fixed: the redrive goes to <group>.redrive, which this group reads, and is applied once.
    fixed = true;
    const outcome = await redriveDeadLetters(kafka, report, report.deadLetters, logger);
    expect(outcome.sent).toBe(1);
    await waitFor(() => handled.some((h) => h.bytes === BIG_BYTES), 'the redriven big record', 90_000, 50);
    expect(handled.filter((h) => h.bytes === BIG_BYTES)).toEqual([{ topic: `${groupId}.redrive`, bytes: BIG_BYTES }]);
    expect(Number((await describeTopicConfig(admin, `${groupId}.redrive`))['max.message.bytes'])).toBeGreaterThanOrEqual(DEFAULT_EVENTS_MAX_MESSAGE_BYTES);
  });

  it('names a dead-letter topic left at a smaller limit, with the command that raises it', { timeout: 120_000 }, async () => {
    const kafka = testKafka();
    const admin = await connectedAdmin(kafka);
    const topic = uniqueName('small-dlq-events');
    const groupId = uniqueName('small-dlq-group');
    await ensureTopic(admin, { topic, numPartitions: 1, replicationFactor: -1, configEntries: { 'max.message.bytes': String(DEFAULT_EVENTS_MAX_MESSAGE_BYTES) } });
    // As an older version created it: the broker's 1 MiB default.
    const OLD_LIMIT = 1024 * 1024;
    await ensureTopic(admin, { topic: `${groupId}.dlq`, numPartitions: 1, replicationFactor: -1, configEntries: { 'max.message.bytes': String(OLD_LIMIT) } });
    const warnings: Array<{ msg: string; topic?: string }> = [];
    const capturing = pino({ level: 'warn' }, { write: (line: string) => void warnings.push(JSON.parse(line) as { msg: string; topic?: string }) });
    const run = await runConsumerGroup<Buffer>({ kafka, groupId, topic, logger: capturing, decode: async (value) => value, handler: async () => undefined });
    stopAfterTest(run);
    const warning = warnings.find((w) => w.topic === `${groupId}.dlq`);
    expect(warning?.msg).toContain(`has max.message.bytes=${OLD_LIMIT}`);
    expect(warning?.msg).toContain(`kafka-configs --alter --entity-type topics --entity-name ${groupId}.dlq --add-config max.message.bytes=${deadLetterMaxMessageBytes(DEFAULT_EVENTS_MAX_MESSAGE_BYTES)}`);
    // The redrive topic the group created itself is big enough: no warning for it.
    expect(warnings.filter((w) => w.topic === `${groupId}.redrive`)).toEqual([]);
  });
});

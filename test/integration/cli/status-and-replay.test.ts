import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { connectedAdmin, createTestTopic, disconnectAfterTest, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { runCli } from '../../support/cli-process.js';
import { waitFor } from '../../support/wait-for.js';
import type { StatusReport } from '../../../cli/status-command.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../../../consumers/db/open-database.js';
import { createSqlEffectLedger } from '../../../consumers/notifier/sql-effect-ledger.js';

async function consumeAll(groupId: string, topic: string, expected: number): Promise<void> {
  const consumer = testKafka().consumer({ groupId });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let seen = 0;
  await consumer.run({ eachMessage: async () => void (seen += 1) });
  await waitFor(() => seen >= expected, `${expected} records consumed by ${groupId}`, 30_000);
  await consumer.disconnect();
}

describe('workos-kafka status and replay', () => {
  it('status shows the lag of each group per partition and its dead-letter count', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'status-events', 2);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    disconnectAfterTest(producer);
    await producer.send({ topic, messages: Array.from({ length: 10 }, (_, i) => ({ key: `org_${i % 2}`, value: `{"n":${i}}` })) });
    const caughtUp = uniqueName('caught-up');
    await consumeAll(caughtUp, topic, 10);
    const neverRan = uniqueName('never-ran');

    const { code, output } = await runCli([
      'status',
      '--brokers', inject('kafkaBrokers'),
      '--events-topic', topic,
      '--cursor-topic', uniqueName('no-cursor'),
      '--group', caughtUp, neverRan,
    ]);
    expect(code, output).toBe(0);
    expect(output).toContain('does not exist (the connector has not run)');
    expect(output).toMatch(new RegExp(`group ${caughtUp}: lag 0 \\(p0=0 p1=0\\)`));
    expect(output).toMatch(new RegExp(`group ${neverRan}: lag 10 `));
    expect(output).toContain(`dead letters: none (${caughtUp}.dlq not created)`);
    expect(output).toContain('replicas of workos-events: none running');

    expect(output).toMatch(/effects: no notifier database at SQLITE_PATH=/);

    // The same for scripts, with the notifier's database: one effect in doubt, one done.
    const dir = mkdtempSync(join(tmpdir(), 'status-'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const sqlitePath = join(dir, 'consumers.sqlite');
    const ledger = createSqlEffectLedger(await openDatabase({ kind: 'sqlite', path: sqlitePath }));
    await ledger.migrate();
    await ledger.claim('welcome-message', 'event_1', 'welcome-message:event_1');
    await ledger.claim('welcome-message', 'event_2', 'welcome-message:event_2');
    await ledger.markDone('welcome-message', 'event_2');
    await ledger.close();
    const json = await runCli(['status', '--json', '--sqlite-path', sqlitePath, '--brokers', inject('kafkaBrokers'), '--events-topic', topic, '--cursor-topic', uniqueName('no-cursor'), '--group', caughtUp, neverRan]);
    expect(json.code, json.output).toBe(0);
    const report = JSON.parse(json.output.trim().split('\n').at(-1) ?? '') as StatusReport;
    expect(report.cursor).toBeNull();
    expect(report.cursor_missing).toContain('does not exist');
    expect(report.replicas).toEqual({ state: 'Dead', active: null, standby: 0 });
    expect(report.effects).toMatchObject({ kind: 'counted', started: 1, failed: 0, done: 1 });
    expect(report.groups).toEqual([
      { group: caughtUp, lag: 0, partitions: { '0': 0, '1': 0 }, dead_letters: null },
      { group: neverRan, lag: 10, partitions: expect.any(Object), dead_letters: null },
    ]);
  });

  it('replay is a dry run by default, applies with --apply, and the group then re-reads from the start', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'replay-events', 2);
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    disconnectAfterTest(producer);
    await producer.send({ topic, messages: Array.from({ length: 8 }, (_, i) => ({ key: `k${i}`, value: String(i) })) });
    const group = uniqueName('replayed');
    await consumeAll(group, topic, 8);
    const admin = await connectedAdmin(kafka);
    const committed = async () => (await admin.fetchOffsets({ groupId: group, topics: [topic] }))[0]?.partitions.map((p) => Number(p.offset)).reduce((a, b) => a + b, 0);
    expect(await committed()).toBe(8);

    const dry = await runCli(['replay', '--brokers', inject('kafkaBrokers'), '--group', group, '--topic', topic, '--to', 'earliest']);
    expect(dry.code, dry.output).toBe(0);
    expect(dry.output).toContain('dry run: nothing changed');
    expect(dry.output).toMatch(/partition 0: \d+ → 0/);
    expect(await committed()).toBe(8);

    const applied = await runCli(['replay', '--brokers', inject('kafkaBrokers'), '--group', group, '--topic', topic, '--to', 'earliest', '--apply']);
    expect(applied.code, applied.output).toBe(0);
    expect(applied.output).toContain('offsets written');
    expect(await committed()).toBe(0);
    await consumeAll(group, topic, 8);
  });

  it('rejects a malformed replay target with the accepted forms', async () => {
    const { code, output } = await runCli(['replay', '--brokers', inject('kafkaBrokers'), '--group', 'g', '--to', 'yesterday']);
    expect(code).toBe(2);
    expect(output).toContain('--to must be "earliest", an ISO-8601 timestamp or partition:offset pairs');
  });
});

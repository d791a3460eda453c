/**
 * The exit-code contract (cli/exit-codes.ts) for the cases that need a broker: every role stops
 * with 0 on SIGTERM, the one-shot commands finish with 0, and runtime failures exit 1. Bad usage,
 * bad configuration and the broker-free failures are in test/unit/cli/exit-codes.test.ts.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { startCli, runCli, type CliProcess } from '../../support/cli-process.js';
import { connectorEnv, freshConnectorNames } from '../../support/connector-harness.js';
import { connectedAdmin, createTestTopic, disconnectAfterTest, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';

const DAY_MS = 86_400_000;
// Variables a developer's shell may carry; empty means unset.
const CLEAN = { WORKOS_API_KEY: '', KAFKA_BROKERS: '', SCHEMA_REGISTRY_URL: '', DATABASE_URL: '', LOG_LEVEL: '', METRICS_PORT: '0' };

let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function exitWithin(cli: CliProcess, timeoutMs: number): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no exit within ${timeoutMs} ms:\n${cli.output().slice(-3000)}`)), timeoutMs);
  });
  try {
    return await Promise.race([cli.exited, late]);
  } finally {
    clearTimeout(timer);
    if (cli.child.exitCode === null && cli.child.signalCode === null) cli.child.kill('SIGKILL');
  }
}

async function emulatedWorkos(seed: number): Promise<WorkosEmulator> {
  emulator = await createWorkosEmulator({ seed });
  const now = Date.now();
  emulator.store.appendMany(generateWorld({ seed, organizations: 4, events: 200, start: now - 2 * DAY_MS, end: now - DAY_MS }));
  return emulator;
}

describe('exit codes with a broker', () => {
  it('connector: 0 after SIGTERM once running', { timeout: 120_000 }, async () => {
    const emu = await emulatedWorkos(71);
    const cli = startCli(['connector'], { ...CLEAN, ...connectorEnv(emu, freshConnectorNames()) });
    await waitFor(() => emu.stats.total > 0, `the connector to poll WorkOS:\n${cli.output()}`, 60_000);
    cli.child.kill('SIGTERM');
    expect(await exitWithin(cli, 30_000), cli.output()).toBe(0);
  });

  it('connector: 1 when the cursor topic is not compacted', { timeout: 120_000 }, async () => {
    const emu = await emulatedWorkos(72);
    const names = freshConnectorNames();
    const admin = await connectedAdmin(testKafka());
    await admin.createTopics({ topics: [{ topic: names.cursorTopic, numPartitions: 1, configEntries: [{ name: 'cleanup.policy', value: 'delete' }] }] });
    const { code, output } = await runCli(['connector'], { ...CLEAN, ...connectorEnv(emu, names) });
    expect(code, output).toBe(1);
    expect(output).toContain('it must be compacted');
  });

  it('connector: 0 after SIGTERM during start-up, while the broker does not answer', { timeout: 60_000 }, async () => {
    const cli = startCli(['connector'], { ...CLEAN, WORKOS_API_KEY: 'sk_test', KAFKA_BROKERS: '127.0.0.1:1', LOG_LEVEL: 'info' });
    await waitFor(() => cli.output().includes('metrics server disabled'), 'the connector to start', 15_000);
    cli.child.kill('SIGTERM');
    // kafkajs finishes its own connection retries (about 9 s) before the start-up sees the stop.
    expect(await exitWithin(cli, 40_000), cli.output()).toBe(0);
  });

  it.each(['directory-mirror', 'notifier'])('%s: 0 after SIGTERM once running', { timeout: 120_000 }, async (command) => {
    const topic = await createTestTopic(testKafka(), `exit-${command}`, 2);
    const cli = startCli([command], {
      ...CLEAN,
      KAFKA_BROKERS: inject('kafkaBrokers'),
      WORKOS_EVENTS_TOPIC: topic,
      SQLITE_PATH: join(mkdtempSync(join(tmpdir(), 'exit-codes-')), 'consumers.sqlite'),
      DIRECTORY_MIRROR_GROUP_ID: uniqueName('mirror'),
      NOTIFIER_GROUP_ID: uniqueName('notifier'),
      LOG_LEVEL: 'info',
    });
    await waitFor(() => cli.output().includes(`${command === 'notifier' ? 'notifier' : 'directory mirror'} starting`), `${command} to start:\n${cli.output()}`, 60_000);
    cli.child.kill('SIGTERM');
    expect(await exitWithin(cli, 60_000), cli.output()).toBe(0);
  });

  it('status: 0 with an events topic, 1 without one', { timeout: 60_000 }, async () => {
    const topic = await createTestTopic(testKafka(), 'exit-status', 1);
    const ok = await runCli(['status', '--events-topic', topic, '--cursor-topic', uniqueName('no-cursor'), '--group', uniqueName('g')], { ...CLEAN, KAFKA_BROKERS: inject('kafkaBrokers') });
    expect(ok.code, ok.output).toBe(0);
    const missing = await runCli(['status', '--events-topic', uniqueName('no-events')], { ...CLEAN, KAFKA_BROKERS: inject('kafkaBrokers') });
    expect(missing.code, missing.output).toBe(1);
    expect(missing.output).toContain('does not exist');
  });

  it('replay: 0 for a dry run, 1 when --apply meets a group with active members', { timeout: 90_000 }, async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'exit-replay', 1);
    const group = uniqueName('active');
    const consumer = kafka.consumer({ groupId: group });
    await consumer.connect();
    disconnectAfterTest(consumer);
    await consumer.subscribe({ topic, fromBeginning: true });
    let joined = false;
    consumer.on(consumer.events.GROUP_JOIN, () => {
      joined = true;
    });
    await consumer.run({ eachMessage: async () => undefined });
    await waitFor(() => joined, 'the consumer to join its group', 30_000);
    const env = { ...CLEAN, KAFKA_BROKERS: inject('kafkaBrokers') };
    const dry = await runCli(['replay', '--group', group, '--topic', topic], env);
    expect(dry.code, dry.output).toBe(0);
    const refused = await runCli(['replay', '--group', group, '--topic', topic, '--apply'], env);
    expect(refused.code, refused.output).toBe(1);
    expect(refused.output).toMatch(/active member/);
  });

  it('reset-cursor: 0 for a dry run', { timeout: 60_000 }, async () => {
    const names = freshConnectorNames();
    const { code, output } = await runCli(['reset-cursor', '--to-time', '2020-01-01T00:00:00Z'], {
      ...CLEAN,
      KAFKA_BROKERS: inject('kafkaBrokers'),
      CONNECTOR_NAME: names.connectorName,
      WORKOS_CURSOR_TOPIC: names.cursorTopic,
    });
    expect(code, output).toBe(0);
    expect(output).toContain('dry run: nothing was written');
  });
});

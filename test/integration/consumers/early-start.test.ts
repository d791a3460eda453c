/**
 * Consumers started before the events topic exists, as docker-compose starts everything at once:
 * the directory mirror (PostgreSQL) and the notifier (SQLite), as real processes, wait — alive,
 * `/readyz` 503, logging what they wait for and never at error level, and without creating the
 * topic — and once the connector creates it and publishes, they join their groups and do their
 * work as usual. A stop while waiting (for the topic, or for a broker that does not answer) is a
 * clean exit 0.
 */
import { createServer as createHttpServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer as createTcpServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it, onTestFinished } from 'vitest';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import { parseWorkosEvent } from '../../../consumers/events/workos-event.js';
import { planEffects } from '../../../consumers/notifier/plan-effects.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { connectorEnv, exitOf, freshConnectorNames, runConnectorProcess } from '../../support/connector-harness.js';
import { connectedAdmin, testBrokers, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { spawnConsumer, type ConsumerProcess } from './support/child-process.js';
import { openForTest, TEST_DATABASES } from './support/databases.js';
import { expectedSnapshot, snapshotStore } from './support/mirror-snapshot.js';

const DAY_MS = 86_400_000;
/** How long the consumers run before the topic exists (the brief: at least 10 s). */
const EARLY_MS = 12_000;

let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** A port free right now (the OS picks it); the child binds it a moment later. */
async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A real HTTP receiver counting deliveries per idempotency key. */
async function startReceiver(): Promise<{ url: string; deliveries: Map<string, number> }> {
  const deliveries = new Map<string, number>();
  const server: Server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/effects`, deliveries };
}

/** `/readyz` of a process: null while nothing listens yet. */
async function readiness(port: number): Promise<{ status: number; reason: string } | null> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/readyz`);
    return { status: res.status, reason: ((await res.json()) as { reason: string }).reason };
  } catch {
    return null;
  }
}

/** A consumer process with its metrics port and whether it has exited. */
interface Role {
  readonly name: string;
  readonly proc: ConsumerProcess;
  readonly port: number;
  hasExited(): boolean;
}

function startRole(name: string, entry: string, env: Record<string, string>, port: number): Role {
  const proc = spawnConsumer(entry, { ...env, METRICS_PORT: String(port) });
  let exited = false;
  void proc.exited.then(() => (exited = true));
  return { name, proc, port, hasExited: () => exited };
}

/** The JSON log lines of a process's output (other lines, such as the CLI's last word, skipped). */
function logLines(output: string): Array<{ level: number; msg: string }> {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as { level: number; msg: string });
}

/** Whether a log line says `message`. */
function logged(output: string, message: string): boolean {
  return logLines(output).some((line) => line.msg.includes(message));
}

/** Log lines at error (50) or fatal (60). */
function errorLines(output: string): string[] {
  return logLines(output)
    .filter((line) => line.level >= 50)
    .map((line) => line.msg);
}

/** `waitFor`, with the last of `proc`'s output (as it is at the time out) in the failure. */
async function waitWatching(proc: { output(): string }, condition: () => boolean | Promise<boolean>, what: string, timeoutMs: number, intervalMs: number): Promise<void> {
  try {
    await waitFor(condition, what, timeoutMs, intervalMs);
  } catch (err) {
    throw new Error(`${err instanceof Error ? err.message : String(err)}; output:\n${proc.output().slice(-3000)}`);
  }
}

function tempSqlite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'workos-early-start-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'state.sqlite');
}

/**
 * Watches `roles` for `ms`: every half second each answers `/readyz` (once listening) with 503
 * and none exits. Returns the answers seen per role.
 */
async function watchWhileWaiting(roles: readonly Role[], ms: number): Promise<Map<string, Array<{ status: number; reason: string }>>> {
  const seen = new Map(roles.map((role) => [role.name, [] as Array<{ status: number; reason: string }>]));
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    for (const role of roles) {
      expect(role.hasExited(), `${role.name} exited while the topic did not exist; output:\n${role.proc.output().slice(-3000)}`).toBe(false);
      const answer = await readiness(role.port);
      if (answer !== null) seen.get(role.name)!.push(answer);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  return seen;
}

describe('consumers started before the events topic exists', () => {
  it('wait, not ready, then mirror the events and send their effects once the connector creates the topic', { timeout: 300_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 47 });
    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 47, organizations: 4, events: 400, start: now - 2 * DAY_MS, end: now - 60_000 }));
    const events = emulator.store.all();
    const planned = events.flatMap((event) => planEffects(parseWorkosEvent(event)));
    expect(planned.length, 'the world plans some effects').toBeGreaterThan(0);

    const names = freshConnectorNames();
    const admin = await connectedAdmin(testKafka());
    expect(await admin.listTopics()).not.toContain(names.eventsTopic);

    const mirrorDb = TEST_DATABASES.find((db) => db.kind === 'postgres')!.freshConfig();
    if (mirrorDb.kind !== 'postgres') throw new Error('expected the PostgreSQL test database');
    const receiver = await startReceiver();
    const common = {
      KAFKA_BROKERS: testBrokers().join(','),
      SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
      WORKOS_EVENTS_TOPIC: names.eventsTopic,
      // info: the wait is logged at info/warn, and the test reads it.
      LOG_LEVEL: 'info',
      CONSUMER_SESSION_TIMEOUT_MS: '10000',
    };
    const mirror = startRole(
      'mirror',
      'consumers/directory-mirror/main.ts',
      { ...common, DATABASE_URL: mirrorDb.url, DATABASE_SCHEMA: mirrorDb.schema ?? 'public', DIRECTORY_MIRROR_GROUP_ID: uniqueName('early-mirror') },
      await freePort(),
    );
    const notifier = startRole(
      'notifier',
      'consumers/notifier/main.ts',
      { ...common, SQLITE_PATH: tempSqlite(), NOTIFIER_GROUP_ID: uniqueName('early-notifier'), NOTIFIER_WELCOME_URL: receiver.url, NOTIFIER_DEPROVISION_URL: receiver.url },
      await freePort(),
    );

    // Before the topic exists: alive, listening, not ready, saying what they wait for.
    const seen = await watchWhileWaiting([mirror, notifier], EARLY_MS);
    for (const role of [mirror, notifier]) {
      const answers = seen.get(role.name)!;
      expect(answers.length, `${role.name} answered /readyz while waiting`).toBeGreaterThan(5);
      expect(answers.filter((a) => a.status !== 503), `${role.name} was never ready while waiting`).toEqual([]);
      expect(answers.at(-1)!.reason).toBe(`waiting for topic ${names.eventsTopic}`);
      expect(logged(role.proc.output(), `waiting for topic "${names.eventsTopic}"`), `${role.name} logged the wait`).toBe(true);
      expect(errorLines(role.proc.output()), `${role.name} logged nothing at error level while waiting`).toEqual([]);
    }
    expect(await admin.listTopics(), 'the consumers did not create the events topic').not.toContain(names.eventsTopic);

    // The connector creates the topic and publishes the world's events.
    const connector = runConnectorProcess(connectorEnv(emulator, names));
    const store = createSqlMirrorStore(await openForTest(mirrorDb));
    const expected = expectedSnapshot(events);
    await waitWatching(
      mirror.proc,
      async () => {
        if (connector.hasExited()) throw new Error(`the connector exited:\n${connector.output().slice(-3000)}`);
        return JSON.stringify(await snapshotStore(store)) === JSON.stringify(expected);
      },
      'the mirror to hold every event',
      180_000,
      1_000,
    );
    expect(await snapshotStore(store)).toEqual(expected);
    const plannedKeys = planned.map((p) => p.idempotencyKey).sort();
    await waitWatching(notifier.proc, () => receiver.deliveries.size >= plannedKeys.length, 'every effect delivered', 180_000, 500);
    expect([...receiver.deliveries.keys()].sort()).toEqual(plannedKeys);
    expect([...receiver.deliveries.values()].filter((count) => count > 1), 'no effect twice').toEqual([]);

    for (const role of [mirror, notifier]) {
      expect(await readiness(role.port), `${role.name} ready once consuming`).toEqual({ status: 200, reason: 'running' });
      expect(logged(role.proc.output(), 'consumer group running')).toBe(true);
    }

    for (const proc of [mirror.proc, notifier.proc, connector]) proc.child.kill('SIGTERM');
    expect(await mirror.proc.exited, mirror.proc.output().slice(-3000)).toBe(0);
    expect(await notifier.proc.exited, notifier.proc.output().slice(-3000)).toBe(0);
    expect(await exitOf(connector), connector.output().slice(-3000)).toBe(0);
  });

  it('stop cleanly (exit 0) and promptly when asked while waiting for a topic or for a broker that does not answer', { timeout: 120_000 }, async () => {
    const topic = uniqueName('never-created');
    const mirror = startRole(
      'mirror',
      'consumers/directory-mirror/main.ts',
      { KAFKA_BROKERS: testBrokers().join(','), WORKOS_EVENTS_TOPIC: topic, SQLITE_PATH: tempSqlite(), DIRECTORY_MIRROR_GROUP_ID: uniqueName('early-mirror'), LOG_LEVEL: 'info' },
      await freePort(),
    );
    // Nothing listens on this port: the broker "has not started yet".
    const deadBroker = `127.0.0.1:${await freePort()}`;
    const notifier = startRole(
      'notifier',
      'consumers/notifier/main.ts',
      { KAFKA_BROKERS: deadBroker, WORKOS_EVENTS_TOPIC: topic, SQLITE_PATH: tempSqlite(), NOTIFIER_GROUP_ID: uniqueName('early-notifier'), LOG_LEVEL: 'info' },
      await freePort(),
    );
    const waitingFor = async (role: Role, reason: string, message: string): Promise<void> =>
      waitWatching(
        role.proc,
        async () => {
          if (role.hasExited()) throw new Error(`${role.name} exited while waiting`);
          return (await readiness(role.port))?.reason === reason && logged(role.proc.output(), message);
        },
        `${role.name} to wait (${reason})`,
        60_000,
        250,
      );
    await waitingFor(mirror, `waiting for topic ${topic}`, `waiting for topic "${topic}"`);
    await waitingFor(notifier, 'waiting for Kafka brokers', 'waiting for the Kafka brokers');
    // A few more rounds of waiting: still alive, still not ready, nothing at error level.
    await watchWhileWaiting([mirror, notifier], 6_000);
    expect(notifier.proc.output()).toContain(deadBroker);

    for (const role of [mirror, notifier]) {
      expect(errorLines(role.proc.output()), `${role.name} logged nothing at error level while waiting`).toEqual([]);
      const asked = Date.now();
      role.proc.child.kill('SIGTERM');
      expect(await role.proc.exited, role.proc.output().slice(-3000)).toBe(0);
      expect(Date.now() - asked, `${role.name} stopped promptly`).toBeLessThan(5_000);
      expect(logged(role.proc.output(), 'stop requested before the consumer group started')).toBe(true);
    }
    const admin = await connectedAdmin(testKafka());
    expect(await admin.listTopics(), 'the mirror did not create the topic it waited for').not.toContain(topic);
  });
});

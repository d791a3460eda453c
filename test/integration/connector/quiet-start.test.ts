/**
 * A normal start logs nothing at error level. The connector (with its lease-group consumer) and
 * both shipped consumers start together as real processes at LOG_LEVEL=info on fresh topics, as
 * docker-compose starts them: kafkajs then meets topics just created, coordinators still loading
 * (on a fresh broker, which this file gets when run alone) and groups rebalancing, all of which
 * it retries or handles and used to log at error. The first pages flow into the mirror and the
 * notifier's receiver, everyone stops on SIGTERM with exit 0, and no line is at level ≥ 50 (nor a
 * Node warning on stderr).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../../consumers/db/open-database.js';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import { parseWorkosEvent } from '../../../consumers/events/workos-event.js';
import { planEffects } from '../../../consumers/notifier/plan-effects.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { connectorEnv, exitOf, freshConnectorNames, runConnectorProcess } from '../../support/connector-harness.js';
import { testBrokers, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { spawnConsumer } from '../consumers/support/child-process.js';
import { expectedSnapshot, snapshotStore } from '../consumers/support/mirror-snapshot.js';

const DAY_MS = 86_400_000;

let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** A receiver that accepts every effect and counts deliveries per idempotency key. */
async function startReceiver(): Promise<{ url: string; keys: Set<string> }> {
  const keys = new Set<string>();
  const server: Server = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      keys.add(String(req.headers['idempotency-key']));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/effects`, keys };
}

function tempSqlite(name: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'workos-quiet-start-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, `${name}.sqlite`);
}

interface LogLine {
  readonly level: number;
  readonly msg: string;
  readonly [field: string]: unknown;
}

/** The JSON log lines of a process's output. */
function logLines(output: string): LogLine[] {
  return output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
}

describe('a normal start', () => {
  it('of the connector, the directory mirror and the notifier logs nothing at error level', { timeout: 300_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 91 });
    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 91, organizations: 4, events: 400, start: now - 2 * DAY_MS, end: now - 60_000 }));
    const events = emulator.store.all();
    const plannedKeys = new Set(events.flatMap((event) => planEffects(parseWorkosEvent(event))).map((effect) => effect.idempotencyKey));
    expect(plannedKeys.size, 'the world plans some effects').toBeGreaterThan(0);

    const names = freshConnectorNames();
    const receiver = await startReceiver();
    const mirrorSqlite = tempSqlite('mirror');
    const common = {
      KAFKA_BROKERS: testBrokers().join(','),
      SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
      WORKOS_EVENTS_TOPIC: names.eventsTopic,
      LOG_LEVEL: 'info',
      METRICS_PORT: '0',
    };
    // All three at once, as docker-compose starts them.
    const connector = runConnectorProcess(connectorEnv(emulator, names, { LOG_LEVEL: 'info' }));
    const mirror = spawnConsumer('consumers/directory-mirror/main.ts', { ...common, SQLITE_PATH: mirrorSqlite, DIRECTORY_MIRROR_GROUP_ID: uniqueName('quiet-mirror') });
    const notifier = spawnConsumer('consumers/notifier/main.ts', {
      ...common,
      SQLITE_PATH: tempSqlite('notifier'),
      NOTIFIER_GROUP_ID: uniqueName('quiet-notifier'),
      NOTIFIER_WELCOME_URL: receiver.url,
      NOTIFIER_DEPROVISION_URL: receiver.url,
    });
    const roles = { connector, mirror, notifier };
    const tails = (): string => Object.entries(roles).map(([name, role]) => `--- ${name}:\n${role.output().slice(-2000)}`).join('\n');

    const client = await openDatabase({ kind: 'sqlite', path: mirrorSqlite });
    onTestFinished(() => client.close());
    const store = createSqlMirrorStore(client);
    const expected = JSON.stringify(expectedSnapshot(events));
    try {
      await waitFor(
        async () => {
          if (connector.hasExited()) throw new Error('the connector exited');
          // The mirror creates its tables once it starts; until then there is nothing to compare.
          return JSON.stringify(await snapshotStore(store).catch(() => null)) === expected;
        },
        'the mirror to hold every event',
        180_000,
        500,
      );
      await waitFor(() => plannedKeys.size === receiver.keys.size, 'every effect delivered', 120_000, 250);
    } catch (error) {
      throw new Error(`${String(error)}\n${tails()}`);
    }

    for (const role of Object.values(roles)) role.child.kill('SIGTERM');
    expect(await exitOf(connector), tails()).toBe(0);
    expect(await mirror.exited, tails()).toBe(0);
    expect(await notifier.exited, tails()).toBe(0);

    for (const [name, role] of Object.entries(roles)) {
      const lines = logLines(role.output());
      expect(lines.length, `${name} logged at info`).toBeGreaterThan(0);
      const errors = lines.filter((line) => line.level >= 50).map((line) => JSON.stringify(line));
      expect(errors, `${name} logged at error level during a normal start`).toEqual([]);
      // kafkajs' own request queue used to set a negative timer after every response.
      expect(role.output(), `${name} printed a Node warning`).not.toContain('TimeoutNegativeWarning');
    }
    // The lease group's consumer logs through the same bridge: it did start, and stayed quiet.
    expect(logLines(connector.output()).some((line) => line.msg === 'this replica holds the lease: it is the active connector'), 'the lease group was joined').toBe(true);
  });
});

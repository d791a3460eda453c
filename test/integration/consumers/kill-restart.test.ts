/**
 * Crash safety of the shipped consumers as real processes: the directory mirror and the notifier
 * (sharing one SQLite file, as in the embedded default) are killed with SIGKILL mid-stream,
 * restarted, and must converge: the mirror equal row for row to what the pure handler says, and
 * no effect delivered twice.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it, onTestFinished } from 'vitest';
import { uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { spawnConsumer, stopGracefully } from './support/child-process.js';
import { consumerEnv } from './support/consumer-env.js';
import { freshEventsTopic, isCaughtUp, publishEvents, waitUntilCaughtUp } from './support/consumer-kit.js';
import { freshEmbeddedState } from './support/embedded-state.js';
import { generateEventStream, plannedEffects } from './support/event-stream.js';
import { mirrorApplied } from './support/mirror-progress.js';
import { expectedSnapshot, snapshotStore } from './support/mirror-snapshot.js';

/** A real HTTP receiver counting deliveries per idempotency key. */
async function startReceiver(): Promise<{ url: string; deliveries: Map<string, number> }> {
  const deliveries = new Map<string, number>();
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const key = String(req.headers['idempotency-key']);
      deliveries.set(key, (deliveries.get(key) ?? 0) + 1);
      // A little latency widens the window in which a kill lands mid-effect.
      setTimeout(() => res.writeHead(204).end(), 3);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/effects`, deliveries };
}

describe('consumer processes killed with SIGKILL', () => {
  it('converge after a restart and never run an effect twice', { timeout: 240_000 }, async () => {
    const { kafka, topic, admin } = await freshEventsTopic('kill-restart', 3);
    const events = generateEventStream({ organizations: 6, usersPerOrganization: 80, seed: 23 });
    const planned = plannedEffects(events);
    await publishEvents(kafka, topic, events);

    const { database, store, ledger } = await freshEmbeddedState();
    const receiver = await startReceiver();
    const mirrorGroup = uniqueName('mirror');
    const notifierGroup = uniqueName('notifier');
    const env = consumerEnv(topic, database, {
      DIRECTORY_MIRROR_GROUP_ID: mirrorGroup,
      NOTIFIER_GROUP_ID: notifierGroup,
      NOTIFIER_WELCOME_URL: receiver.url,
      NOTIFIER_DEPROVISION_URL: receiver.url,
      // This receiver counts raw calls, as one that does not dedupe would: the at-most-once path.
      // The resend path (the default) is held by effects-exactly-once.test.ts.
      NOTIFIER_RECEIVER_IDEMPOTENT: 'false',
      LOG_LEVEL: 'warn',
      // Small batches: with the default of 500 the mirror applies this stream in a handful of
      // transactions, and a kill could not land mid-stream.
      DIRECTORY_MIRROR_BATCH_RECORDS: '10',
    });
    const start = () => [spawnConsumer('consumers/directory-mirror/main.ts', env), spawnConsumer('consumers/notifier/main.ts', env)] as const;
    const applied = () => mirrorApplied(store, mirrorGroup);

    // Run 1: kill both once real work is under way but far from done.
    const [mirror1, notifier1] = start();
    // Each is killed as soon as it is under way: the mirror is much faster than the notifier.
    await waitFor(async () => (await applied()) >= 150, 'the mirror to make progress', 90_000, 10);
    mirror1.child.kill('SIGKILL');
    await waitFor(() => receiver.deliveries.size >= 10, 'the notifier to make progress', 90_000, 10);
    notifier1.child.kill('SIGKILL');
    expect(await mirror1.exited).toBe('SIGKILL');
    expect(await notifier1.exited).toBe('SIGKILL');
    const appliedAtKill = await applied();
    const deliveredAtKill = receiver.deliveries.size;
    expect(appliedAtKill, 'the mirror was killed mid-stream').toBeLessThan(events.length);
    expect(deliveredAtKill, 'the notifier was killed mid-stream').toBeLessThan(planned.length);
    expect(await isCaughtUp(admin, mirrorGroup, topic)).toBe(false);

    // Run 2: restart, let both finish, stop them gracefully.
    const [mirror2, notifier2] = start();
    await waitUntilCaughtUp(admin, mirrorGroup, topic, 120_000);
    await waitUntilCaughtUp(admin, notifierGroup, topic, 120_000);
    await stopGracefully(mirror2, notifier2);

    // The mirror converged to exactly what the handler and the guard say.
    expect(await snapshotStore(store)).toEqual(expectedSnapshot(events));

    // No effect ran twice; every planned effect is accounted for in the ledger.
    const duplicates = [...receiver.deliveries].filter(([, count]) => count > 1);
    expect(duplicates).toEqual([]);
    const plannedKeys = new Set(planned.map((p) => p.idempotencyKey));
    expect([...receiver.deliveries.keys()].every((key) => plannedKeys.has(key))).toBe(true);
    const entries = await ledger.list();
    expect(entries.map((e) => e.idempotencyKey).sort()).toEqual([...plannedKeys].sort());
    const done = entries.filter((e) => e.state === 'done');
    const inDoubt = entries.filter((e) => e.state === 'started');
    expect(entries.filter((e) => e.state === 'failed')).toEqual([]);
    // Done means delivered; in doubt is at most what was in flight at the kill (one per
    // organization: the notifier runs organizations side by side, each one record at a time).
    expect(done.every((e) => receiver.deliveries.get(e.idempotencyKey) === 1)).toBe(true);
    expect(inDoubt.length).toBeLessThanOrEqual(6);
    expect(receiver.deliveries.size).toBeGreaterThanOrEqual(done.length);
    expect(receiver.deliveries.size).toBeLessThanOrEqual(done.length + inDoubt.length);
  });
});

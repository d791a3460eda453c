/**
 * Standby replicas: two connector processes with one name run through a live stream. The active
 * one is SIGKILLed and restarted again and again; each time the standby takes over. No replica
 * exits by itself, and a `read_committed` reader finds every event exactly once, in order. The
 * failover time (SIGKILL of the active replica → the other's first committed page) is measured.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startLiveTrickle } from '../../../emulator/live-trickle.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { createWorldGenerator } from '../../../emulator/world/world-generator.js';
import { connectorEnv, exitOf, freshConnectorNames, runConnectorProcess, type ConnectorProcess } from '../../support/connector-harness.js';
import { freePort } from '../../support/free-port.js';
import { expectExactlyOnceInOrder } from '../../support/published-events.js';
import { waitFor } from '../../support/wait-for.js';
import { readAllPublishedEvents, watchCursors } from './support/kafka-reads.js';

const KILLS = 8;
let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Whether the replica serving metrics on `port` says it is active. */
async function isActive(port: number): Promise<boolean> {
  const text = await fetch(`http://127.0.0.1:${port}/metrics`).then((response) => response.text()).catch(() => '');
  return /^workos_kafka_connector_active\{[^}]*\} 1$/m.test(text);
}

describe('standby replicas', () => {
  it(`two replicas with one name; the active one SIGKILLed and restarted ${KILLS} times: no replica exits by itself, every event exactly once`, { timeout: 420_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 71 });
    const generator = createWorldGenerator({ seed: 71, organizations: 12 });
    const now = Date.now();
    for (let i = 0; i < 500; i += 1) emulator.store.append({ ...generator.next(now - 3_600_000 + i * 1_000), createdAt: now - 3_600_000 + i * 1_000 });
    const trickle = startLiveTrickle({ store: emulator.store, generator, eventsPerSecond: 20 });
    const names = freshConnectorNames();
    const env = connectorEnv(emulator, names, { POLL_MIN_INTERVAL_MS: '100', POLL_INTERVAL_MS: '200' });
    const ports = [await freePort(), await freePort()];
    const start = (index: number): ConnectorProcess => runConnectorProcess({ ...env, METRICS_PORT: String(ports[index]) });
    const replicas = [start(0), start(1)];

    await waitFor(async () => (await isActive(ports[0]!)) || (await isActive(ports[1]!)), 'one replica to become active', 60_000, 250);
    const cursors = await watchCursors(names.cursorTopic);
    const failovers: number[] = [];
    for (let kill = 0; kill < KILLS; kill += 1) {
      await waitFor(async () => (await isActive(ports[0]!)) !== (await isActive(ports[1]!)), 'exactly one active replica', 60_000, 200);
      const victim = (await isActive(ports[0]!)) ? 0 : 1;
      const survivor = 1 - victim;
      const before = cursors.latest(names.connectorName)?.event_id;
      const killedAt = Date.now();
      replicas[victim]!.child.kill('SIGKILL');
      await replicas[victim]!.exited;
      // Failover: the survivor holds the lease and has committed a page past where the victim stopped.
      await waitFor(
        async () => {
          const latest = cursors.latest(names.connectorName)?.event_id;
          return latest !== before && latest !== undefined && (await isActive(ports[survivor]!));
        },
        `replica ${survivor} to take over (kill ${kill + 1})`,
        60_000,
        100,
      );
      failovers.push(Date.now() - killedAt);
      expect(replicas[survivor]!.hasExited(), replicas[survivor]!.output().slice(-2000)).toBe(false);
      replicas[victim] = start(victim);
      // The restarted replica joins as a standby; the lease stays with the survivor.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
    }
    trickle.stop();
    const lastId = emulator.store.all().at(-1)?.id;
    await waitFor(async () => cursors.latest(names.connectorName)?.event_id === lastId, 'the stream to reach its last event', 60_000, 200);
    for (const replica of replicas) expect(replica.hasExited(), replica.output().slice(-2000)).toBe(false);
    // The last restarted replica must be up (its signal handlers installed) before the clean stop.
    await waitFor(async () => (await fetch(`http://127.0.0.1:${ports[0]}/healthz`).then((r) => r.ok).catch(() => false)) && (await fetch(`http://127.0.0.1:${ports[1]}/healthz`).then((r) => r.ok).catch(() => false)), 'both replicas to serve /healthz', 30_000, 200);
    for (const replica of replicas) replica.child.kill('SIGTERM');
    for (const replica of replicas) expect(await exitOf(replica)).toBe(0);

    expectExactlyOnceInOrder(await readAllPublishedEvents(names.eventsTopic), emulator.store.all());
    const sorted = [...failovers].sort((a, b) => a - b);
    console.log(`failover after SIGKILL of the active replica (ms), ${KILLS} kills: ${failovers.join(', ')}; median ${sorted[Math.floor(sorted.length / 2)]}, max ${sorted.at(-1)}`);
    // The session timeout (6 s here) plus one page, with room for a loaded 2-core machine.
    expect(sorted.at(-1)).toBeLessThan(20_000);
  });
});

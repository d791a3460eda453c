/**
 * A snapshot survives kills: the connector process is SIGKILLed at least 10 times while it
 * snapshots a world of more than 20,000 entities, and restarted each time. Each restart resumes
 * at its checkpoint (never from scratch), the WorkOS list requests of the whole run stay within
 * 1.2× those of an uninterrupted snapshot of the same world, and the mirror fed by the topic ends
 * equal to WorkOS's state.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventDecoder } from '../../../consumers/config/event-decoder.js';
import { startDirectoryMirror } from '../../../consumers/directory-mirror/mirror-consumer.js';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import { snapshotInProgress, type SnapshotCursor } from '../../../connector/snapshot/snapshot-progress.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { createWorldGenerator } from '../../../emulator/world/world-generator.js';
import { generateHistory } from '../../../emulator/world/world-history.js';
import { noRetryClient } from '../../contract/support/state-fixture.js';
import { connectorEnv, freshConnectorNames, runConnectorProcess, startConnector } from '../../support/connector-harness.js';
import { connectedAdmin, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { isCaughtUp, stopAfterTest } from '../consumers/support/consumer-kit.js';
import { openForTest, TEST_DATABASES } from '../consumers/support/databases.js';
import { cursorStoreFor } from '../connector/support/kafka-reads.js';
import { computeDrift, mirrorRows } from '../../../consumers/directory-mirror/reconcile-drift.js';
import { workosState } from './support/state-comparison.js';

const KILLS = 10;
let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Requests answered 200 by the state list endpoints so far. */
function listRequests(emu: WorkosEmulator): number {
  const byEndpoint = emu.stats.byEndpoint() as Record<string, Record<string, number>>;
  return Object.entries(byEndpoint)
    .filter(([endpoint]) => endpoint !== '/events')
    .reduce((sum, [, outcomes]) => sum + (outcomes['200'] ?? 0), 0);
}

describe('a snapshot killed with SIGKILL', () => {
  it(`resumes after ${KILLS} kills with at most 1.2× the requests of an uninterrupted run, and the mirror equals WorkOS state`, { timeout: 420_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 57 });
    const generator = createWorldGenerator({ seed: 57, organizations: 60 });
    emulator.store.appendMany(generateHistory(generator, { events: 120_000, historyDays: 120, end: new Date(Date.now() - 60_000) }));
    const expected = await workosState(noRetryClient(emulator));
    const entities = Object.values(expected).reduce((sum, table) => sum + table.size, 0);
    expect(entities).toBeGreaterThanOrEqual(20_000);

    // The uninterrupted run, for the request count.
    const before = listRequests(emulator);
    const baselineNames = freshConnectorNames();
    const baseline = startConnector(connectorEnv(emulator, baselineNames, { WORKOS_SNAPSHOT_MODE: 'initial', WORKOS_REQUESTS_PER_SECOND: '100' }));
    stopAfterTest(baseline);
    const baselineStore = cursorStoreFor(baselineNames);
    await waitFor(async () => ((await baselineStore.readLatest().catch(() => null)) as SnapshotCursor | null)?.last_snapshot != null, 'the uninterrupted snapshot', 180_000, 1_000);
    await baseline.stop();
    const uninterrupted = listRequests(emulator) - before;

    // The same snapshot, killed again and again. WorkOS is slowed a little so each process lives
    // for a few pages of it.
    emulator.faults.setLatency(20, 30);
    const names = freshConnectorNames();
    const env = connectorEnv(emulator, names, { WORKOS_SNAPSHOT_MODE: 'initial', WORKOS_REQUESTS_PER_SECOND: '100' });
    const cursors = cursorStoreFor(names);
    const start = listRequests(emulator);
    let kills = 0;
    let checkpointsSeen = -1;
    while (kills < KILLS) {
      const child = runConnectorProcess(env);
      // Kill it once it has committed at least one more snapshot checkpoint than the last process
      // did (the first one also reads the events WorkOS keeps before its snapshot begins).
      await waitFor(
        async () => {
          if (child.hasExited()) throw new Error(`the connector exited by itself: ${child.output().slice(-2000)}`);
          const cursor = (await cursors.readLatest().catch(() => null)) as SnapshotCursor | null;
          if (cursor?.last_snapshot != null) throw new Error(`the snapshot finished after ${kills} kills; make the world bigger or the kills faster`);
          const progress = cursor === null ? undefined : snapshotInProgress(cursor);
          return progress !== undefined && progress.pages > checkpointsSeen;
        },
        'a new snapshot checkpoint',
        90_000,
        50,
      );
      await sleep(Math.floor(Math.random() * 400));
      child.child.kill('SIGKILL');
      await child.exited;
      const cursor = (await cursors.readLatest()) as SnapshotCursor;
      const progress = snapshotInProgress(cursor);
      if (progress === undefined) throw new Error(`the snapshot finished after ${kills} kills; make the world bigger or the kills faster`);
      checkpointsSeen = progress.pages;
      kills += 1;
    }
    const finalRun = runConnectorProcess(env);
    await waitFor(async () => ((await cursors.readLatest()) as SnapshotCursor).last_snapshot != null, 'the resumed snapshot to finish', 240_000, 1_000);
    const interrupted = listRequests(emulator) - start;
    finalRun.child.kill('SIGTERM');
    await finalRun.exited;
    console.info(`snapshot list requests: ${interrupted} across ${kills} kills, ${uninterrupted} uninterrupted (${(interrupted / uninterrupted).toFixed(3)}×), ${entities} entities`);
    expect(kills).toBeGreaterThanOrEqual(10);
    expect(interrupted / uninterrupted, `${interrupted} requests with kills against ${uninterrupted} without`).toBeLessThanOrEqual(1.2);

    // The topic written across all those processes gives a mirror equal to WorkOS's state.
    const database = TEST_DATABASES[1]!.freshConfig();
    const store = createSqlMirrorStore(await openForTest(database));
    await store.migrate();
    const groupId = uniqueName('mirror');
    const kafka = testKafka();
    stopAfterTest(await startDirectoryMirror({ kafka, store, decode: createEventDecoder(names.eventsTopic, env.SCHEMA_REGISTRY_URL), logger: pino({ level: 'warn' }), topic: names.eventsTopic, groupId }));
    const admin = await connectedAdmin(kafka);
    await waitFor(() => isCaughtUp(admin, groupId, names.eventsTopic), 'the mirror to catch up', 180_000, 500);
    expect(computeDrift(expected, await mirrorRows(store))).toEqual([]);
  });
});

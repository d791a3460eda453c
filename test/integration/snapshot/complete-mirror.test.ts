/**
 * Complete state: a WorkOS world with 180 days of history, of which `/events` serves the last 30.
 * The connector starts as a new user would (default snapshot mode: snapshot, then stream), live
 * events keep arriving while the snapshot runs, and the directory mirror, on SQLite and on
 * PostgreSQL at once, ends up equal to WorkOS's state APIs row for row.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventDecoder } from '../../../consumers/config/event-decoder.js';
import { startDirectoryMirror } from '../../../consumers/directory-mirror/mirror-consumer.js';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import type { MirrorStore } from '../../../consumers/directory-mirror/mirror-store.js';
import { snapshotInProgress, type SnapshotCursor } from '../../../connector/snapshot/snapshot-progress.js';
import { startLiveTrickle } from '../../../emulator/live-trickle.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { createWorldGenerator } from '../../../emulator/world/world-generator.js';
import { generateHistory } from '../../../emulator/world/world-history.js';
import { connectorEnv, freshConnectorNames, startConnector } from '../../support/connector-harness.js';
import { connectedAdmin, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { noRetryClient } from '../../contract/support/state-fixture.js';
import { isCaughtUp, stopAfterTest } from '../consumers/support/consumer-kit.js';
import { openForTest, TEST_DATABASES } from '../consumers/support/databases.js';
import { computeDrift, mirrorRows } from '../../../consumers/directory-mirror/reconcile-drift.js';
import { workosState } from './support/state-comparison.js';

const DAY_MS = 86_400_000;
let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('complete state: snapshot, then stream', () => {
  it('gives a mirror on both databases equal to WorkOS state, with 180 days of history and live events during the snapshot', async () => {
    emulator = await createWorkosEmulator({ seed: 31 });
    const generator = createWorldGenerator({ seed: 31, organizations: 16 });
    const now = Date.now();
    emulator.store.appendMany(generateHistory(generator, { events: 6_000, historyDays: 180, end: new Date(now - 60_000) }));
    const all = emulator.store.all();
    const served = all.filter((event) => Date.parse(event.created_at) >= now - 30 * DAY_MS);
    // The world this test needs: much of it exists only in the state APIs.
    expect(served.length).toBeLessThan(all.length * 0.4);

    const kafka = testKafka();
    const names = freshConnectorNames();
    const env = connectorEnv(emulator, names, { WORKOS_SNAPSHOT_MODE: 'initial', WORKOS_REQUESTS_PER_SECOND: '100' });
    const running = startConnector(env);
    stopAfterTest(running);
    // Live changes while the snapshot reads: they reach Kafka as events after the stored cursor.
    const trickle = startLiveTrickle({ store: emulator.store, generator, eventsPerSecond: 40 });
    await waitFor(async () => (await running.connector.cursorStore.readLatest().catch(() => null)) !== null, 'the connector to store its cursor', 60_000, 250);

    const stores: MirrorStore[] = [];
    const groups: string[] = [];
    for (const database of TEST_DATABASES) {
      const store = createSqlMirrorStore(await openForTest(database.freshConfig()));
      await store.migrate();
      const groupId = uniqueName(`mirror-${database.kind}`);
      stopAfterTest(
        await startDirectoryMirror({
          kafka,
          store,
          decode: createEventDecoder(names.eventsTopic, env.SCHEMA_REGISTRY_URL),
          logger: pino({ level: 'warn' }),
          topic: names.eventsTopic,
          groupId,
          sessionTimeoutMs: 10_000,
        }),
      );
      stores.push(store);
      groups.push(groupId);
    }

    let connectorFailure: unknown;
    running.done.catch((error: unknown) => {
      connectorFailure = error;
    });
    const snapshotDone = async (): Promise<boolean> => {
      if (connectorFailure !== undefined) throw connectorFailure;
      const cursor = (await running.connector.cursorStore.readLatest()) as SnapshotCursor | null;
      return cursor !== null && snapshotInProgress(cursor) === undefined && cursor.last_snapshot?.id !== undefined;
    };
    await waitFor(snapshotDone, 'the snapshot to complete', 240_000, 1_000);
    trickle.stop();
    expect(trickle.emitted).toBeGreaterThan(50);
    const lastEventId = emulator.store.all().at(-1)?.id;
    await waitFor(async () => (await running.connector.cursorStore.readLatest())?.event_id === lastEventId, 'the connector to reach the last event', 120_000, 500);

    const admin = await connectedAdmin(kafka);
    for (const groupId of groups) await waitFor(() => isCaughtUp(admin, groupId, names.eventsTopic), `${groupId} to catch up`, 120_000, 500);

    await running.stop();
    const expected = await workosState(noRetryClient(emulator));
    expect(expected.directory_users.size).toBeGreaterThan(100);
    for (const [index, store] of stores.entries()) {
      expect(computeDrift(expected, await mirrorRows(store)), `mirror on ${TEST_DATABASES[index]!.kind}`).toEqual([]);
    }
  }, 420_000);
});

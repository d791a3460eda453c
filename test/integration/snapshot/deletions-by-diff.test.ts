/**
 * Deletions by diff: a connector that was down longer than WorkOS keeps events comes back in
 * `when_needed` mode. The events that deleted entities while it was down are gone from `/events`;
 * only the snapshot's diff can tombstone those entities. Entities created while the snapshot runs
 * arrive as events after its start and must survive the diff. On both databases.
 */
import pino from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { snapshotInProgress, type SnapshotCursor } from '../../../connector/snapshot/snapshot-progress.js';
import { createEventDecoder } from '../../../consumers/config/event-decoder.js';
import { startDirectoryMirror } from '../../../consumers/directory-mirror/mirror-consumer.js';
import type { MirrorStore } from '../../../consumers/directory-mirror/mirror-store.js';
import type { MirrorTable } from '../../../consumers/directory-mirror/mirror-tables.js';
import { computeDrift, mirrorRows } from '../../../consumers/directory-mirror/reconcile-drift.js';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import { startLiveTrickle } from '../../../emulator/live-trickle.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { createWorldGenerator } from '../../../emulator/world/world-generator.js';
import { generateHistory } from '../../../emulator/world/world-history.js';
import { noRetryClient } from '../../contract/support/state-fixture.js';
import { connectorEnv, freshConnectorNames, startConnector, type InProcessConnector } from '../../support/connector-harness.js';
import { connectedAdmin, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { isCaughtUp, stopAfterTest } from '../consumers/support/consumer-kit.js';
import { openForTest, TEST_DATABASES } from '../consumers/support/databases.js';
import { workosState } from './support/state-comparison.js';

const DAY_MS = 86_400_000;

/** The mirror table each deletion event empties, by event name. */
const DELETED_TABLES: Readonly<Record<string, MirrorTable>> = {
  'dsync.user.deleted': 'directory_users',
  'dsync.group.deleted': 'directory_groups',
  'dsync.deleted': 'directories',
  'user.deleted': 'users',
  'organization_membership.deleted': 'organization_memberships',
  'connection.deleted': 'connections',
  'organization.deleted': 'organizations',
};

let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Live rows of `table` in `store`: id → (organization, directory). */
async function liveRows(store: MirrorStore, table: MirrorTable): Promise<Map<string, { organizationId: string | null; directoryId: string | null }>> {
  const rows = (await store.exportRows(table)).filter((row) => row.deletedAtUs === null);
  return new Map(rows.map((row) => [row.id, { organizationId: row.columns.organization_id ?? null, directoryId: row.columns.directory_id ?? null }]));
}

async function liveIds(store: MirrorStore, table: MirrorTable): Promise<Set<string>> {
  return new Set((await liveRows(store, table)).keys());
}

describe('deletions by diff after downtime past retention', () => {
  it('tombstones what was deleted while the connector was down, and keeps what was created during the snapshot', async () => {
    const now = Date.now();
    // WorkOS kept everything while the connector first ran (a long retention here), then the
    // connector was down for 45 days; by its return WorkOS keeps 30.
    emulator = await createWorkosEmulator({ seed: 57, behaviour: { retentionMs: 400 * DAY_MS } });
    const generator = createWorldGenerator({ seed: 57, organizations: 8 });
    emulator.store.appendMany(generateHistory(generator, { events: 2_500, historyDays: 80, end: new Date(now - 45 * DAY_MS) }));
    const firstRunEnd = emulator.store.all().at(-1)?.id;

    const kafka = testKafka();
    const admin = await connectedAdmin(kafka);
    const names = freshConnectorNames();
    const firstEnv = connectorEnv(emulator, names, { WORKOS_RETENTION_DAYS: '400', WORKOS_SNAPSHOT_MODE: 'never' });
    const first = startConnector(firstEnv);
    stopAfterTest(first);
    await waitFor(async () => (await first.connector.cursorStore.readLatest().catch(() => null))?.event_id === firstRunEnd, 'the first run to publish every event', 120_000, 500);
    await first.stop();

    const stores: MirrorStore[] = [];
    const groups: string[] = [];
    for (const database of TEST_DATABASES) {
      const store = createSqlMirrorStore(await openForTest(database.freshConfig()));
      await store.migrate();
      const groupId = uniqueName(`mirror-${database.kind}`);
      const decode = createEventDecoder(names.eventsTopic, firstEnv.SCHEMA_REGISTRY_URL);
      stopAfterTest(await startDirectoryMirror({ kafka, store, decode, logger: pino({ level: 'warn' }), topic: names.eventsTopic, groupId, sessionTimeoutMs: 10_000 }));
      stores.push(store);
      groups.push(groupId);
    }
    const caughtUp = async (): Promise<void> => {
      for (const groupId of groups) await waitFor(() => isCaughtUp(admin, groupId, names.eventsTopic), `${groupId} to catch up`, 120_000, 500);
    };
    await caughtUp();
    const [reference] = stores as [MirrorStore];

    // While it was down: 45 days of changes, of which WorkOS will serve only the last 30.
    emulator.store.appendMany(generateHistory(generator, { events: 3_000, historyDays: 44.9, end: new Date(now - 60_000) }));
    emulator.behaviour.retentionMs = 30 * DAY_MS;
    const retentionStart = Date.now() - 30 * DAY_MS;
    const unseen: { table: MirrorTable; id: string; organizationId: string | null; directoryId: string | null }[] = [];
    const liveBefore = new Map<MirrorTable, Awaited<ReturnType<typeof liveRows>>>();
    for (const table of new Set(Object.values(DELETED_TABLES))) liveBefore.set(table, await liveRows(reference, table));
    for (const event of emulator.store.all()) {
      const table = DELETED_TABLES[event.event];
      const created = Date.parse(event.created_at);
      const id = (event.data as { id?: unknown }).id;
      if (table === undefined || typeof id !== 'string' || created < now - 45 * DAY_MS || created >= retentionStart) continue;
      const row = liveBefore.get(table)?.get(id);
      if (row !== undefined) unseen.push({ table, id, ...row });
    }
    // The world this test needs: deletions that no event the connector can still read carries.
    expect(unseen.length).toBeGreaterThan(5);

    const secondEnv = { ...firstEnv, WORKOS_RETENTION_DAYS: '30', WORKOS_SNAPSHOT_MODE: 'when_needed' };
    const second: InProcessConnector = startConnector(secondEnv);
    stopAfterTest(second);
    let failure: unknown;
    second.done.catch((error: unknown) => (failure = error));
    // Creations while the snapshot reads.
    await waitFor(
      async () => {
        if (failure !== undefined) throw failure;
        const cursor = (await second.connector.cursorStore.readLatest()) as SnapshotCursor;
        return snapshotInProgress(cursor) !== undefined;
      },
      'the snapshot to begin',
      120_000,
      200,
    );
    const duringSnapshot = emulator.store.all().length;
    const trickle = startLiveTrickle({ store: emulator.store, generator, eventsPerSecond: 40 });
    await waitFor(
      async () => {
        if (failure !== undefined) throw failure;
        const cursor = (await second.connector.cursorStore.readLatest()) as SnapshotCursor;
        return snapshotInProgress(cursor) === undefined && cursor.last_snapshot != null;
      },
      'the snapshot to complete',
      240_000,
      500,
    );
    trickle.stop();
    const lastEventId = emulator.store.all().at(-1)?.id;
    await waitFor(async () => (await second.connector.cursorStore.readLatest())?.event_id === lastEventId, 'the connector to reach the last event', 120_000, 500);
    await caughtUp();
    await second.stop();

    const expected = await workosState(noRetryClient(emulator));
    const createdDuring = emulator.store
      .all()
      .slice(duringSnapshot)
      .filter((event) => event.event === 'dsync.user.created' || event.event === 'user.created' || event.event === 'organization_membership.created')
      .map((event) => (event.data as { id: string }).id)
      .filter((id) => expected.directory_users.has(id) || expected.users.has(id) || expected.organization_memberships.has(id));
    expect(createdDuring.length).toBeGreaterThan(0);

    // Rows inside an organization or directory that is itself gone are hidden from a service by
    // their parent's tombstone (see reconcile-drift.ts); those whose parent lives on must each be
    // tombstoned by the diff, one by one.
    const parentLives = (entry: (typeof unseen)[number]): boolean =>
      (entry.organizationId === null || entry.table === 'organizations' || expected.organizations.has(entry.organizationId)) &&
      (entry.directoryId === null || entry.table === 'directories' || expected.directories.has(entry.directoryId));
    const inLiveParents = unseen.filter(parentLives);
    expect(inLiveParents.length).toBeGreaterThan(5);
    for (const [index, store] of stores.entries()) {
      const kind = TEST_DATABASES[index]!.kind;
      for (const { table, id } of inLiveParents) expect((await liveIds(store, table)).has(id), `${table} ${id} on ${kind}: deleted while the connector was down`).toBe(false);
      const serviceView = await mirrorRows(store);
      for (const { table, id } of unseen) expect(serviceView[table].has(id), `${table} ${id} on ${kind}, as a service reads the mirror`).toBe(false);
      const live = new Set([...(await liveIds(store, 'directory_users')), ...(await liveIds(store, 'users')), ...(await liveIds(store, 'organization_memberships'))]);
      expect(createdDuring.filter((id) => !live.has(id)), `created during the snapshot, on ${kind}`).toEqual([]);
      expect(computeDrift(expected, await mirrorRows(store)), `mirror on ${kind}`).toEqual([]);
    }
  }, 480_000);
});

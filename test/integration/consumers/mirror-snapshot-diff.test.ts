/**
 * The directory mirror meets a snapshot, on SQLite and PostgreSQL: listed rows go through the
 * updated_at guard, and a scope's completion tombstones exactly the rows the snapshot did not list
 * and nobody wrote since it began.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { createMirrorBatchHandler, createMirrorHandler } from '../../../consumers/directory-mirror/mirror-consumer.js';
import type { MirrorStore } from '../../../consumers/directory-mirror/mirror-store.js';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import type { ConsumedRecord, DecodedRecord } from '../../../consumers/runtime/record-types.js';
import type { SnapshotCompletion, SnapshotEntity, SnapshotRecord } from '../../../schemas/snapshot-record.js';
import { at, directoryUser, event, organization } from '../../unit/consumers/fixtures/workos-events.js';
import { openForTest, TEST_DATABASES, type TestDatabase } from './support/databases.js';

const SNAPSHOT_ID = 'snapshot_01';
const STARTED_AT = at(100);

async function freshStore(db: TestDatabase): Promise<MirrorStore> {
  const store = createSqlMirrorStore(await openForTest(db.freshConfig()));
  await store.migrate();
  return store;
}

let offset = 0;
function decoded(value: unknown, partition = 0): DecodedRecord {
  offset += 1;
  const record: ConsumedRecord = { topic: 'workos.events', partition, offset: String(offset), key: null, value: null, headers: {}, rawHeaders: {}, timestamp: '0' };
  return { value, record };
}

function snapshotRow(entity: SnapshotEntity, data: Record<string, unknown>, organizationId: string | null = 'org_1'): SnapshotRecord {
  return { object: 'snapshot_record', op: 'r', snapshot_id: SNAPSHOT_ID, snapshot_started_at: STARTED_AT, entity, organization_id: organizationId, data };
}

function completion(entity: SnapshotEntity, organizationId: string | null, listed: number, part = 0, parts = 1): SnapshotCompletion {
  return { object: 'snapshot_completion', snapshot_id: SNAPSHOT_ID, snapshot_started_at: STARTED_AT, entity, organization_id: organizationId, listed, parts, part };
}

async function apply(store: MirrorStore, values: readonly unknown[], partition = 0): Promise<void> {
  await createMirrorBatchHandler(store, 'test-group', pino({ level: 'silent' }))(values.map((value) => decoded(value, partition)), {
    signal: new AbortController().signal,
    heartbeat: async () => undefined,
  });
}

describe.each(TEST_DATABASES)('a snapshot in the mirror on $kind', (db) => {
  it('tombstones what the snapshot did not list, keeps what it listed or what changed since it began, and resurrects nothing', async () => {
    const store = await freshStore(db);
    await apply(store, [
      // Known before the snapshot: listed again, gone from WorkOS, and deleted (tombstoned) already.
      event('dsync.user.created', directoryUser('du_listed', at(10))),
      event('dsync.user.created', directoryUser('du_gone', at(10))),
      event('dsync.user.created', directoryUser('du_deleted', at(10))),
      event('dsync.user.deleted', directoryUser('du_deleted', at(120))),
      // Created while the snapshot ran: no list had it yet.
      event('dsync.user.created', directoryUser('du_new', at(130))),
      // Another organization's user: not in this scope.
      event('dsync.user.created', directoryUser('du_other_org', at(10), { organization_id: 'org_2' })),
    ]);
    await apply(store, [
      snapshotRow('directory_user', directoryUser('du_listed', at(50), { first_name: 'Listed' })),
      snapshotRow('directory_user', directoryUser('du_deleted', at(10))),
      snapshotRow('directory_user', directoryUser('du_old', at(5))),
      completion('directory_user', 'org_1', 3),
    ]);

    expect(await store.getDirectoryUser('du_listed')).toMatchObject({ deletedAtUs: null, data: { first_name: 'Listed' }, lastEventType: 'snapshot' });
    expect(await store.getDirectoryUser('du_old')).toMatchObject({ deletedAtUs: null, lastEventId: SNAPSHOT_ID });
    expect(await store.getDirectoryUser('du_new')).toMatchObject({ deletedAtUs: null });
    expect(await store.getDirectoryUser('du_other_org')).toMatchObject({ deletedAtUs: null });
    expect(await store.getDirectoryUser('du_gone')).toBeUndefined();
    expect(await store.get('directory_users', 'du_gone', { includeDeleted: true })).toMatchObject({ lastEventType: 'snapshot.diff', lastEventId: SNAPSHOT_ID });
    expect(await store.getDirectoryUser('du_deleted')).toBeUndefined();
    expect((await store.counts()).directory_users).toEqual({ live: 4, deleted: 2 });
  });

  it('runs an environment-wide diff only once every partition has delivered its copy, and exactly once', async () => {
    const store = await freshStore(db);
    await apply(store, [event('organization.created', organization('org_gone', at(10))), event('organization.created', organization('org_kept', at(10)))]);
    await apply(store, [snapshotRow('organization', organization('org_kept', at(10)), null), completion('organization', null, 1, 0, 3)], 0);
    await apply(store, [completion('organization', null, 1, 1, 3)], 1);
    expect(await store.getOrganization('org_gone')).toMatchObject({ deletedAtUs: null });
    await apply(store, [completion('organization', null, 1, 2, 3)], 2);
    expect(await store.getOrganization('org_gone')).toBeUndefined();
    expect(await store.getOrganization('org_kept')).toMatchObject({ deletedAtUs: null });

    // A replay delivers the completions again, even before the rows they follow: nothing changes.
    const before = await store.exportRows('organizations');
    await apply(store, [completion('organization', null, 1, 2, 3), completion('organization', null, 1, 0, 3)], 2);
    await apply(store, [snapshotRow('organization', organization('org_kept', at(10)), null)], 0);
    expect(await store.exportRows('organizations')).toEqual(before);
  });

  it('keeps listed rows when the records arrive one at a time (the per-record path the runtime uses for a lone record)', async () => {
    const store = await freshStore(db);
    await apply(store, [event('organization.created', organization('org_listed', at(10))), event('organization.created', organization('org_gone', at(10)))]);
    const handler = createMirrorHandler(store, 'test-group', pino({ level: 'silent' }));
    const context = { attempt: 1, signal: new AbortController().signal, heartbeat: async () => undefined };
    for (const value of [snapshotRow('organization', organization('org_listed', at(10)), null), completion('organization', null, 1)]) {
      const { record } = decoded(value);
      await handler(value, { ...context, record });
    }
    expect(await store.getOrganization('org_listed')).toMatchObject({ deletedAtUs: null });
    expect(await store.getOrganization('org_gone')).toBeUndefined();
  });

  it('a rebuild wipes the snapshot tables too, so a replay after it diffs the scope again', async () => {
    const store = await freshStore(db);
    await apply(store, [snapshotRow('directory_user', directoryUser('du_1', at(10))), completion('directory_user', 'org_1', 1)]);
    await store.wipe();
    expect(Object.values(await store.counts()).every((count) => count.live === 0 && count.deleted === 0)).toBe(true);
    // After the wipe the same scope diffs again from scratch when replayed.
    await apply(store, [event('dsync.user.created', directoryUser('du_2', at(10))), snapshotRow('directory_user', directoryUser('du_1', at(10))), completion('directory_user', 'org_1', 1)]);
    expect(await store.getDirectoryUser('du_1')).toMatchObject({ deletedAtUs: null });
    expect(await store.getDirectoryUser('du_2')).toBeUndefined();
  });
});

/**
 * The directory mirror's store, one suite run against SQLite and PostgreSQL.
 */
import { describe, expect, it } from 'vitest';
import { mirrorChangesFor } from '../../../consumers/directory-mirror/mirror-handler.js';
import type { MirrorChange, ProgressMark } from '../../../consumers/directory-mirror/mirror-change.js';
import type { MirrorStore } from '../../../consumers/directory-mirror/mirror-store.js';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import { parseTimestampUs } from '../../../core/workos-timestamp.js';
import { parseWorkosEvent, type WorkosEvent } from '../../../consumers/events/workos-event.js';
import { at, directory, directoryGroup, directoryUser, event, membershipData, orgMembership, organization, user } from '../../unit/consumers/fixtures/workos-events.js';
import { openForTest, TEST_DATABASES, type TestDatabase } from './support/databases.js';

async function freshStore(db: TestDatabase): Promise<MirrorStore> {
  const store = createSqlMirrorStore(await openForTest(db.freshConfig()));
  await store.migrate();
  return store;
}

let offset = 0;
function mark(e: WorkosEvent, partition = 0): ProgressMark {
  offset += 1;
  return { consumer: 'test-group', topic: 'workos.events', partition, offset: String(offset), eventId: e.id };
}

async function applyEvents(store: MirrorStore, events: readonly WorkosEvent[]) {
  const results = [];
  for (const e of events) results.push(await store.apply(mirrorChangesFor(parseWorkosEvent(e)), mark(e)));
  return results;
}

describe.each(TEST_DATABASES)('mirror store on $kind', (db) => {
  it('migrates idempotently into empty tables', async () => {
    const store = await freshStore(db);
    await store.migrate();
    await store.migrate();
    const counts = await store.counts();
    expect(Object.keys(counts).sort()).toEqual(
      ['connections', 'directories', 'directory_groups', 'directory_users', 'group_memberships', 'organization_memberships', 'organizations', 'users'],
    );
    expect(Object.values(counts).every((c) => c.live === 0 && c.deleted === 0)).toBe(true);
  });

  it('applies the updated_at guard: newer wins, equal is a no-op, older is skipped', async () => {
    const store = await freshStore(db);
    const v1 = event('dsync.user.created', directoryUser('directory_user_1', at(1), { first_name: 'v1' }));
    const v2 = event('dsync.user.updated', directoryUser('directory_user_1', '2024-01-01 00:02:00.000001', { first_name: 'v2' }));
    const results = await applyEvents(store, [v1, v2, v2, v1]);
    expect(results.map((r) => r[0]?.decision.reason)).toEqual(['insert', 'newer', 'duplicate', 'stale']);
    const row = await store.getDirectoryUser('directory_user_1');
    expect(row).toMatchObject({
      data: { first_name: 'v2', email: 'directory_user_1@example.com' },
      updatedAtUs: parseTimestampUs('2024-01-01 00:02:00.000001'),
      deletedAtUs: null,
      lastEventId: v2.id,
      lastEventType: 'dsync.user.updated',
      columns: { directory_id: 'directory_1', organization_id: 'org_1', state: 'active' },
    });
  });

  it('keeps a tombstone that hides the row and blocks replayed updates', async () => {
    const store = await freshStore(db);
    const created = event('dsync.user.created', directoryUser('directory_user_1', at(1)));
    const deleted = event('dsync.user.deleted', directoryUser('directory_user_1', at(1), { state: 'inactive' }), at(4));
    const lateUpdate = event('dsync.user.updated', directoryUser('directory_user_1', at(9), { first_name: 'zombie' }));
    const results = await applyEvents(store, [created, deleted, lateUpdate, created]);
    expect(results.map((r) => r[0]?.decision.reason)).toEqual(['insert', 'delete', 'tombstoned', 'tombstoned']);
    expect(await store.getDirectoryUser('directory_user_1')).toBeUndefined();
    const tombstone = await store.get('directory_users', 'directory_user_1', { includeDeleted: true });
    expect(tombstone).toMatchObject({ deletedAtUs: parseTimestampUs(at(4)), data: { state: 'inactive' }, lastEventId: deleted.id });
    expect((await store.counts()).directory_users).toEqual({ live: 0, deleted: 1 });
  });

  it('records progress in the same transaction and rolls both back when a change fails', async () => {
    const store = await freshStore(db);
    const e = event('organization.created', organization('org_1', at(1)));
    await store.apply(mirrorChangesFor(parseWorkosEvent(e)), { consumer: 'g', topic: 'workos.events', partition: 3, offset: '17', eventId: e.id });
    expect(await store.progress('g')).toMatchObject([{ consumer: 'g', topic: 'workos.events', partition: 3, offset: '17', eventId: e.id }]);

    const good = mirrorChangesFor(parseWorkosEvent(event('organization.created', organization('org_2', at(1)))))[0] as MirrorChange;
    // BigInt cannot be serialised: the second change fails after the first was written.
    const bad = { ...good, id: 'org_3', data: { broken: 1n } } as MirrorChange;
    await expect(store.apply([good, bad], { consumer: 'g', topic: 'workos.events', partition: 3, offset: '18', eventId: 'event_bad' })).rejects.toThrow();
    expect(await store.getOrganization('org_2')).toBeUndefined();
    expect((await store.progress('g'))[0]?.offset).toBe('17');
  });

  it('answers the read helpers a service needs', async () => {
    const store = await freshStore(db);
    const alice = directoryUser('directory_user_a', at(1));
    const bob = directoryUser('directory_user_b', at(1));
    const carol = directoryUser('directory_user_c', at(1), { directory_id: 'directory_2' });
    const admins = directoryGroup('directory_group_admins', at(1));
    await applyEvents(store, [
      event('organization.created', organization('org_1', at(1))),
      event('dsync.activated', directory('directory_1', at(1))),
      event('dsync.activated', directory('directory_2', at(1))),
      event('dsync.user.created', alice),
      event('dsync.user.created', bob),
      event('dsync.user.created', carol),
      event('dsync.group.created', admins),
      event('dsync.group.user_added', membershipData(alice, admins), at(2)),
      event('dsync.group.user_added', membershipData(bob, admins), at(2)),
      event('dsync.group.user_removed', membershipData(bob, admins), at(3)),
      event('user.created', user('user_1', at(1))),
      event('user.created', user('user_2', at(1))),
      event('organization_membership.created', orgMembership('om_1', 'user_1', 'org_1', at(1))),
      event('organization_membership.created', orgMembership('om_2', 'user_2', 'org_1', at(1))),
      event('organization_membership.deleted', orgMembership('om_2', 'user_2', 'org_1', at(1)), at(5)),
    ]);
    expect((await store.getOrganization('org_1'))?.data).toMatchObject({ name: 'Org org_1' });
    expect((await store.listGroupMembers('directory_group_admins')).map((r) => r.id)).toEqual(['directory_user_a']);
    expect((await store.listUserGroups('directory_user_a')).map((r) => r.id)).toEqual(['directory_group_admins']);
    expect(await store.listUserGroups('directory_user_b')).toEqual([]);
    expect((await store.listDirectoryUsers('directory_1')).map((r) => r.id)).toEqual(['directory_user_a', 'directory_user_b']);
    expect((await store.listDirectoryGroups('directory_1')).map((r) => r.id)).toEqual(['directory_group_admins']);
    expect((await store.listOrganizationUsers('org_1')).map((r) => r.id)).toEqual(['user_1']);
    expect((await store.counts()).group_memberships).toEqual({ live: 1, deleted: 1 });

    // Deleting a directory hides its users and groups (WorkOS sends no per-user deletes then).
    await applyEvents(store, [event('dsync.deleted', directory('directory_1', at(1), { state: 'deleting' }), at(9))]);
    expect(await store.listDirectoryUsers('directory_1')).toEqual([]);
    expect(await store.listGroupMembers('directory_group_admins')).toEqual([]);
    expect((await store.listDirectoryUsers('directory_2')).map((r) => r.id)).toEqual(['directory_user_c']);
  });

  it('serialises concurrent writers on one row so the newest version always wins', async () => {
    const store = await freshStore(db);
    const minutes = Array.from({ length: 24 }, (_, i) => (i * 7) % 24);
    await Promise.all(
      minutes.map((m) => {
        const e = event('dsync.user.updated', directoryUser('directory_user_1', at(m), { first_name: `m${m}` }));
        return store.apply(mirrorChangesFor(parseWorkosEvent(e)), mark(e, m % 3));
      }),
    );
    expect((await store.getDirectoryUser('directory_user_1'))?.data.first_name).toBe('m23');
    expect((await store.progress()).map((p) => p.partition)).toEqual([0, 1, 2]);
  });

  it('applies a batch in one transaction with the same verdicts and rows as one event at a time', async () => {
    // 450 users (more than one multi-row statement on PostgreSQL), each created, updated, replayed
    // stale, and every third deleted, then an update that must bounce off the tombstone.
    const events: WorkosEvent[] = [];
    for (let u = 0; u < 450; u += 1) {
      const id = `directory_user_${u}`;
      events.push(event('dsync.user.created', directoryUser(id, at(1), { first_name: 'v1' })));
      events.push(event('dsync.user.updated', directoryUser(id, at(3), { first_name: 'v3' })));
      events.push(event('dsync.user.updated', directoryUser(id, at(2), { first_name: 'stale' })));
      if (u % 3 === 0) events.push(event('dsync.user.deleted', directoryUser(id, at(3)), at(4)));
      events.push(event('dsync.user.updated', directoryUser(id, at(5), { first_name: 'v5' })));
    }
    const writes = events.map((e, i) => ({
      changes: mirrorChangesFor(parseWorkosEvent(e)),
      progress: { consumer: 'g', topic: 'workos.events', partition: i % 2, offset: String(i), eventId: e.id },
    }));
    const oneByOne = await freshStore(db);
    const expected = [];
    for (const write of writes) expected.push(await oneByOne.apply(write.changes, write.progress));

    const batched = await freshStore(db);
    // Split mid-stream, so the second batch starts from rows the first one stored.
    const split = 1_000;
    const verdicts = [...(await batched.applyBatch(writes.slice(0, split))), ...(await batched.applyBatch(writes.slice(split)))];
    expect(verdicts).toEqual(expected);
    expect(await batched.exportRows('directory_users')).toEqual(await oneByOne.exportRows('directory_users'));
    expect((await batched.counts()).directory_users).toEqual({ live: 300, deleted: 150 });
    expect((await batched.progress('g')).map((p) => [p.partition, p.offset])).toEqual([
      [0, String(writes.length - (writes.length % 2 === 0 ? 2 : 1))],
      [1, String(writes.length - (writes.length % 2 === 0 ? 1 : 2))],
    ]);
  });

  it('rolls back the whole batch, progress included, when one event in it fails', async () => {
    const store = await freshStore(db);
    const first = event('organization.created', organization('org_1', at(1)));
    const good = mirrorChangesFor(parseWorkosEvent(first));
    const bad = [{ ...(good[0] as MirrorChange), id: 'org_2', data: { broken: 1n } } as MirrorChange];
    await expect(
      store.applyBatch([
        { changes: good, progress: { consumer: 'g', topic: 'workos.events', partition: 0, offset: '1', eventId: first.id } },
        { changes: bad, progress: { consumer: 'g', topic: 'workos.events', partition: 0, offset: '2', eventId: 'event_bad' } },
      ]),
    ).rejects.toThrow();
    expect(await store.getOrganization('org_1')).toBeUndefined();
    expect(await store.progress('g')).toEqual([]);
  });

  it('serialises concurrent batches that share rows, whatever order they list them in', async () => {
    const store = await freshStore(db);
    const ids = Array.from({ length: 40 }, (_, i) => `directory_user_${i}`);
    // Each batch touches every id, half of them in reverse order: unordered locking would deadlock.
    await Promise.all(
      Array.from({ length: 8 }, (_, b) => {
        const order = b % 2 === 0 ? ids : [...ids].reverse();
        const batch = order.map((id) => event('dsync.user.updated', directoryUser(id, at(b + 1), { first_name: `b${b}` })));
        return store.applyBatch(batch.map((e) => ({ changes: mirrorChangesFor(parseWorkosEvent(e)), progress: mark(e, b % 3) })));
      }),
    );
    const rows = await store.exportRows('directory_users');
    expect(rows).toHaveLength(40);
    expect(new Set(rows.map((r) => r.data.first_name))).toEqual(new Set(['b7']));
  });

  it('wipes every row and all progress for a rebuild', async () => {
    const store = await freshStore(db);
    await applyEvents(store, [event('organization.created', organization('org_1', at(1))), event('user.created', user('user_1', at(1)))]);
    await store.wipe();
    expect(Object.values(await store.counts()).every((c) => c.live === 0 && c.deleted === 0)).toBe(true);
    expect(await store.progress()).toEqual([]);
  });

  it('exports every row including tombstones, ordered by id', async () => {
    const store = await freshStore(db);
    await applyEvents(store, [
      event('user.created', user('user_b', at(1))),
      event('user.created', user('user_a', at(1))),
      event('user.deleted', user('user_b', at(1)), at(2)),
    ]);
    const rows = await store.exportRows('users');
    expect(rows.map((r) => [r.id, r.deletedAtUs === null])).toEqual([
      ['user_a', true],
      ['user_b', false],
    ]);
  });
});

describe('SQLite specifics', () => {
  it('runs in WAL mode', async () => {
    const client = await openForTest(TEST_DATABASES[0]!.freshConfig());
    const [row] = await client.query<{ journal_mode: string }>('PRAGMA journal_mode');
    expect(row?.journal_mode).toBe('wal');
  });
});

import { describe, expect, it } from 'vitest';
import { EventStore } from '../../../emulator/event-store.js';
import type { JsonObject } from '../../../emulator/event-types.js';
import type { EntityTable } from '../../../emulator/state/entity-table.js';
import { StateFold } from '../../../emulator/state/state-fold.js';
import { organizationSnapshot } from '../../../emulator/world/organizations.js';
import { createWorldGenerator } from '../../../emulator/world/world-generator.js';
import { generateHistory } from '../../../emulator/world/world-history.js';

const NOW = Date.parse('2025-06-01T00:00:00Z');

function byId(items: readonly JsonObject[]): JsonObject[] {
  return [...items].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
}

function liveItems(table: EntityTable): JsonObject[] {
  return byId(table.live().map((r) => r.item));
}

describe('StateFold over a generated world', () => {
  // 180 days of history with deletions of every kind, settled so the simulation's state is final.
  const generator = createWorldGenerator({ seed: 5, organizations: 12, mix: { 'organization.deleted': 0.6, 'dsync.deleted': 0.6, 'user.deleted': 2, 'connection.deleted': 1 } });
  const store = new EventStore({ seed: 5 });
  store.appendMany(generateHistory(generator, { events: 6000, historyDays: 180, end: NOW }));
  const world = new StateFold(store).upTo(store.size);
  const state = generator.state;

  it('settles the world: no follow-up is left queued', () => {
    expect(generator.pendingFollowUps).toBe(0);
  });

  it('saw deletions of organizations, directories, directory users and users', () => {
    const names = new Set(store.all().map((e) => e.event));
    for (const name of ['organization.deleted', 'dsync.deleted', 'dsync.user.deleted', 'dsync.group.deleted', 'user.deleted', 'organization_membership.deleted', 'connection.deleted']) {
      expect(names, name).toContain(name);
    }
  });

  it('lists exactly the live organizations, with their current domains', () => {
    expect(liveItems(world.organizations)).toEqual(byId(state.orgs.map(organizationSnapshot)));
  });

  it('lists exactly the live directories, directory users and groups (cascades included)', () => {
    expect(liveItems(world.directories)).toEqual(byId(state.directories.map((d) => d.payload)));
    expect(liveItems(world.directoryUsers)).toEqual(byId(state.directories.flatMap((d) => d.users)));
    expect(liveItems(world.directoryGroups)).toEqual(byId(state.directories.flatMap((d) => d.groups.map((g) => g.payload))));
  });

  it('knows every group membership', () => {
    for (const group of state.directories.flatMap((d) => d.groups)) {
      expect([...world.groupMemberships.usersOf(String(group.payload['id']))].sort()).toEqual([...group.memberIds].sort());
    }
  });

  it('lists exactly the live users, memberships and connections', () => {
    expect(liveItems(world.users)).toEqual(byId(state.users));
    expect(liveItems(world.organizationMemberships)).toEqual(byId(state.memberships));
    expect(liveItems(world.connections)).toEqual(byId(state.orgs.flatMap((o) => o.connections)));
  });

  it('keeps deleted entities as tombstones so cursors naming them still have a place', () => {
    const deleted = store.all().find((e) => e.event === 'dsync.user.deleted');
    const record = world.directoryUsers.get(String(deleted?.data['id']));
    expect(record?.live).toBe(false);
    expect(record?.createdAtMs).toBe(Date.parse(String(deleted?.data['created_at'])));
  });
});

describe('StateFold rules', () => {
  function foldOf(events: { event: string; data: JsonObject }[]) {
    const store = new EventStore();
    store.appendMany(events.map((e, i) => ({ ...e, createdAt: NOW + i })));
    return { store, fold: new StateFold(store) };
  }
  const org = { object: 'organization', id: 'org_1', name: 'A', domains: [], created_at: '2025-01-01T00:00:00.000Z', updated_at: '2025-01-01T00:00:00.000Z' };
  const dir = { object: 'directory', id: 'directory_1', organization_id: 'org_1', created_at: '2025-01-02T00:00:00.000Z' };
  const dirUser = { object: 'directory_user', id: 'directory_user_1', directory_id: 'directory_1', organization_id: 'org_1', state: 'active', created_at: '2025-01-03T00:00:00.000Z' };
  const group = { object: 'directory_group', id: 'directory_group_1', directory_id: 'directory_1', organization_id: 'org_1', name: 'G', created_at: '2025-01-03T00:00:00.000Z' };
  const conn = { object: 'connection', id: 'conn_1', organization_id: 'org_1', state: 'active', created_at: '2025-01-02T00:00:00.000Z' };
  const user = { object: 'user', id: 'user_1', email: 'a@b.c', created_at: '2025-01-02T00:00:00.000Z' };
  const membership = { object: 'organization_membership', id: 'om_1', user_id: 'user_1', organization_id: 'org_1', status: 'active', created_at: '2025-01-04T00:00:00.000Z' };
  const base = [
    { event: 'organization.created', data: org },
    { event: 'dsync.activated', data: dir },
    { event: 'dsync.user.created', data: dirUser },
    { event: 'dsync.group.created', data: group },
    { event: 'dsync.group.user_added', data: { directory_id: 'directory_1', user: dirUser, group } },
    { event: 'connection.activated', data: conn },
    { event: 'user.created', data: user },
    { event: 'organization_membership.created', data: membership },
  ];

  it('drops previous_attributes from updates and keeps the latest payload', () => {
    const { fold } = foldOf([...base, { event: 'dsync.user.updated', data: { ...dirUser, state: 'inactive', previous_attributes: { state: 'active' } } }]);
    expect(fold.upTo(Infinity).directoryUsers.getLive('directory_user_1')?.item).toEqual({ ...dirUser, state: 'inactive' });
  });

  it('deleting an organization removes its directories, their users and groups, its connections and memberships', () => {
    const { fold } = foldOf([...base, { event: 'organization.deleted', data: org }]);
    const world = fold.upTo(Infinity);
    for (const table of [world.organizations, world.directories, world.directoryUsers, world.directoryGroups, world.connections, world.organizationMemberships]) {
      expect(table.live()).toEqual([]);
    }
    expect(world.users.live()).toHaveLength(1); // Users are environment-wide.
    expect([...world.groupMemberships.usersOf('directory_group_1')]).toEqual([]);
  });

  it('deleting a user removes its memberships; removing a group member unlinks both ways', () => {
    const { fold } = foldOf([...base, { event: 'dsync.group.user_removed', data: { directory_id: 'directory_1', user: dirUser, group } }, { event: 'user.deleted', data: user }]);
    const world = fold.upTo(Infinity);
    expect(world.organizationMemberships.live()).toEqual([]);
    expect([...world.groupMemberships.groupsOf('directory_user_1')]).toEqual([]);
  });

  it('folds organization_domain events into the organization without moving updated_at', () => {
    const domain = { object: 'organization_domain', id: 'org_domain_1', domain: 'a.com', organization_id: 'org_1', state: 'pending' };
    const failed = { ...domain, state: 'failed' };
    const second = { ...domain, id: 'org_domain_2', domain: 'b.com' };
    const { fold } = foldOf([
      ...base,
      { event: 'organization_domain.created', data: domain },
      { event: 'organization_domain.created', data: second },
      { event: 'organization_domain.verification_failed', data: { reason: 'x', organization_domain: failed } },
    ]);
    expect(fold.upTo(Infinity).organizations.getLive('org_1')?.item).toEqual({ ...org, domains: [failed, second] });
    const { fold: afterDelete } = foldOf([...base, { event: 'organization_domain.created', data: domain }, { event: 'organization_domain.deleted', data: domain }]);
    expect(afterDelete.upTo(Infinity).organizations.getLive('org_1')?.item['domains']).toEqual([]);
  });

  it('folds incrementally and refolds when asked for an earlier point', () => {
    const { fold } = foldOf([...base, { event: 'user.deleted', data: user }]);
    expect(fold.upTo(base.length + 1).users.live()).toEqual([]);
    expect(fold.upTo(base.length).users.live()).toHaveLength(1);
  });

  it('ignores payloads without an id', () => {
    const { fold } = foldOf([{ event: 'organization.created', data: { name: 'no id' } }, { event: 'dsync.group.user_added', data: {} }]);
    expect(fold.upTo(Infinity).organizations.live()).toEqual([]);
  });
});

import type { JsonObject } from '../../emulator/event-types.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, NOW } from './support/emulator-fixture.js';
import { drainList, startStateFixture } from './support/state-fixture.js';
import type { StateFixture } from './support/state-fixture.js';
import { idsOf, isNewestFirst, latestPayloads, sortedById, worldOracle } from './support/world-oracle.js';
import type { WorldOracle } from './support/world-oracle.js';

// 180 days of history while /events serves 30, with deletions of every kind made frequent.
let fx: StateFixture;
let oracle: WorldOracle;
let latest: Map<string, JsonObject>;
beforeAll(async () => {
  fx = await startStateFixture({
    seed: 31,
    events: 5000,
    historyDays: 180,
    organizations: 10,
    mix: { 'organization.deleted': 0.5, 'dsync.deleted': 0.5, 'user.deleted': 1.5, 'connection.deleted': 0.8 },
  });
  oracle = worldOracle(fx.generator.state);
  latest = latestPayloads(fx.truth());
});
afterAll(async () => {
  await fx.close();
});

/** The listed object without the fields lists add to what the events carry. */
function withoutListOnly(item: JsonObject, ...keys: string[]): JsonObject {
  return Object.fromEntries(Object.entries(item).filter(([k]) => !keys.includes(k)));
}

describe('the world under test', () => {
  it('has history older than retention and deletions of every kind', () => {
    const truth = fx.truth();
    expect(Date.parse(truth[0]?.created_at ?? '')).toBeLessThan(NOW - 150 * DAY_MS);
    const names = new Set(truth.map((e) => e.event));
    for (const name of ['organization.deleted', 'dsync.deleted', 'dsync.user.deleted', 'dsync.group.deleted', 'user.deleted', 'organization_membership.deleted', 'connection.deleted']) {
      expect(names, name).toContain(name);
    }
  });
});

describe('each state list is the fold of every event (raw wire objects)', () => {
  it('/organizations: the live organizations with their current domains; other fields as their latest event', async () => {
    const { items } = await drainList(fx.workos, '/organizations');
    expect(isNewestFirst(items)).toBe(true);
    expect(sortedById(items)).toEqual(sortedById(oracle.organizations));
    // organization_domain.* events change `domains` without an organization.* event.
    for (const item of items) expect(withoutListOnly(item, 'domains')).toEqual(withoutListOnly(latest.get(String(item['id'])) ?? {}, 'domains'));
  });

  it('/directories: the live directories, as dsync.activated carried them plus the list-only domain', async () => {
    const { items } = await drainList(fx.workos, '/directories');
    expect(isNewestFirst(items)).toBe(true);
    expect(sortedById(items.map((d) => withoutListOnly(d, 'domain')))).toEqual(sortedById(oracle.directories));
    for (const item of items) {
      expect(withoutListOnly(item, 'domain')).toEqual(latest.get(String(item['id'])));
      expect(item['domain']).toBe((item['domains'] as JsonObject[])[0]?.['domain'] ?? null);
    }
  });

  it('/directory_users?directory= and /directories/{id}/users: the live users of each directory, as their latest event', async () => {
    const listed: JsonObject[] = [];
    for (const directory of oracle.directories) {
      const legacy = await drainList(fx.workos, '/directory_users', { directory: directory['id'] });
      const current = await drainList(fx.workos, `/directories/${String(directory['id'])}/users`);
      expect(isNewestFirst(current.items)).toBe(true);
      expect(legacy.items.map((u) => withoutListOnly(u, 'groups'))).toEqual(current.items);
      for (const user of legacy.items) {
        const groups = (user['groups'] as JsonObject[]).map((g) => String(g['id'])).sort();
        expect(groups).toEqual(oracle.directoryGroups.filter((g) => oracle.membersOf(String(g['id'])).includes(String(user['id']))).map((g) => String(g['id'])).sort());
      }
      listed.push(...current.items);
    }
    expect(sortedById(listed)).toEqual(sortedById(oracle.directoryUsers));
    for (const user of listed) expect(user).toEqual(latest.get(String(user['id'])));
    expect(listed.length).toBeGreaterThan(50);
  });

  it('/directory_groups and /directories/{id}/groups: the live groups; group= and user= follow the memberships', async () => {
    const listed: JsonObject[] = [];
    for (const directory of oracle.directories) {
      const legacy = await drainList(fx.workos, '/directory_groups', { directory: directory['id'] });
      const current = await drainList(fx.workos, `/directories/${String(directory['id'])}/groups`);
      expect(legacy.items).toEqual(current.items);
      listed.push(...current.items);
    }
    expect(sortedById(listed)).toEqual(sortedById(oracle.directoryGroups));
    for (const group of listed) expect(group).toEqual(latest.get(String(group['id'])));
    const group = [...oracle.directoryGroups].sort((a, b) => oracle.membersOf(String(b['id'])).length - oracle.membersOf(String(a['id'])).length)[0] ?? {};
    const members = await drainList(fx.workos, '/directory_users', { group: group['id'] });
    expect(idsOf(members.items)).toEqual([...oracle.membersOf(String(group['id']))].sort());
    expect(members.items.length).toBeGreaterThan(0);
    const userId = members.items[0]?.['id'];
    const ofUser = await drainList(fx.workos, '/directory_groups', { user: userId });
    expect(ofUser.items.map((g) => g['id'])).toContain(group['id']);
  });

  it('/user_management/users: the live users, as their latest event', async () => {
    const { items } = await drainList(fx.workos, '/user_management/users');
    expect(isNewestFirst(items)).toBe(true);
    expect(sortedById(items)).toEqual(sortedById(oracle.users));
    for (const user of items) expect(user).toEqual(latest.get(String(user['id'])));
  });

  it('/user_management/organization_memberships: the live memberships of every organization, every status', async () => {
    const listed: JsonObject[] = [];
    for (const org of oracle.organizations) {
      listed.push(...(await drainList(fx.workos, '/user_management/organization_memberships', { organization_id: org['id'], statuses: 'active,pending,inactive' })).items);
    }
    expect(sortedById(listed)).toEqual(sortedById(oracle.memberships));
    for (const membership of listed) expect(membership).toEqual(latest.get(String(membership['id'])));
  });

  it('/connections: the live connections, as their latest event', async () => {
    const { items } = await drainList(fx.workos, '/connections');
    expect(sortedById(items)).toEqual(sortedById(oracle.connections));
    for (const connection of items) expect(connection).toEqual(latest.get(String(connection['id'])));
  });

  it('lists no deleted object, and lists objects that no served event mentions', async () => {
    const deletedIds = new Set(fx.truth().filter((e) => e.event.endsWith('.deleted')).map((e) => String(e.data['id'])));
    const { items: users } = await drainList(fx.workos, '/user_management/users');
    const { items: orgs } = await drainList(fx.workos, '/organizations');
    expect([...users, ...orgs].filter((o) => deletedIds.has(String(o['id'])))).toEqual([]);
    // Everything /events still serves (30 days), and the objects no served event names.
    const retainedFrom = new Date(NOW - 30 * DAY_MS).toISOString();
    const served = JSON.stringify(fx.truth().filter((e) => e.created_at >= retainedFrom));
    const untouched = oracle.directoryUsers.filter((u) => !served.includes(String(u['id'])));
    expect(untouched.length).toBeGreaterThan(0);
    const listedUsers = await drainList(fx.workos, `/directories/${String(untouched[0]?.['directory_id'])}/users`);
    expect(listedUsers.items.map((u) => u['id'])).toContain(untouched[0]?.['id']);
  });
});

describe('the typed SDK list methods over the same world', () => {
  it('workos.organizations.listOrganizations().autoPagination() returns every live organization', async () => {
    const page = await fx.workos.organizations.listOrganizations();
    expect(page.data).toHaveLength(Math.min(10, oracle.organizations.length));
    const all = await page.autoPagination();
    expect(idsOf(all)).toEqual(idsOf(oracle.organizations));
    expect(all.every((o) => o.createdAt instanceof Date && !Number.isNaN(o.createdAt.getTime()) && Array.isArray(o.domains))).toBe(true);
  });

  it('workos.directorySync.listDirectories / listUsers / listGroups / listDirectoryUsers / listDirectoryGroups', async () => {
    const directories = await (await fx.workos.directorySync.listDirectories()).autoPagination();
    expect(idsOf(directories)).toEqual(idsOf(oracle.directories));
    const directory = directories[0];
    expect(directory?.organizationId).toMatch(/^org_/);
    expect(typeof directory?.domain).toBe('string');
    const directoryId = String(directory?.id);
    const expectedUsers = oracle.directoryUsers.filter((u) => u['directory_id'] === directoryId);
    const legacyUsers = await fx.workos.directorySync.listUsers({ directory: directoryId, limit: 100 });
    expect(idsOf(legacyUsers.data)).toEqual(idsOf(expectedUsers));
    expect(legacyUsers.data.every((u) => Array.isArray(u.groups) && u.directoryId === directoryId && u.updatedAt instanceof Date)).toBe(true);
    const users = await fx.workos.directorySync.listDirectoryUsers({ directoryId, limit: 100 });
    expect(idsOf(users.data)).toEqual(idsOf(expectedUsers));
    const expectedGroups = oracle.directoryGroups.filter((g) => g['directory_id'] === directoryId);
    expect(idsOf((await fx.workos.directorySync.listGroups({ directory: directoryId, limit: 100 })).data)).toEqual(idsOf(expectedGroups));
    expect(idsOf((await fx.workos.directorySync.listDirectoryGroups({ directoryId, limit: 100 })).data)).toEqual(idsOf(expectedGroups));
  });

  it('workos.userManagement.listUsers / listOrganizationMemberships and workos.sso.listConnections', async () => {
    // Without a limit: with one, the SDK's autoPagination returns the first page only.
    const users = await (await fx.workos.userManagement.listUsers()).autoPagination();
    expect(users.length).toBeGreaterThan(100);
    expect(idsOf(users)).toEqual(idsOf(oracle.users));
    const org = oracle.organizations.find((o) => oracle.memberships.some((m) => m['organization_id'] === o['id'])) ?? {};
    const orgId = String(org['id']);
    const memberships = await fx.workos.userManagement.listOrganizationMemberships({ organizationId: orgId, statuses: ['active', 'pending', 'inactive'], limit: 100 });
    expect(idsOf(memberships.data)).toEqual(idsOf(oracle.memberships.filter((m) => m['organization_id'] === orgId)));
    expect(memberships.data.every((m) => m.organizationId === orgId && typeof m.role.slug === 'string')).toBe(true);
    // organization_id on users keeps the members of that organization.
    const members = await fx.workos.userManagement.listUsers({ organizationId: orgId, limit: 100 });
    expect(idsOf(members.data)).toEqual([...new Set(memberships.data.map((m) => m.userId))].sort());
    const connections = await fx.workos.sso.listConnections({ limit: 100 });
    expect(idsOf(connections.data)).toEqual(idsOf(oracle.connections));
    expect(connections.data.every((c) => typeof c.type === 'string' && c.createdAt instanceof Date)).toBe(true);
  });
});

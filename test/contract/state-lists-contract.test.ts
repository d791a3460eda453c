import { GenericServerException, NotFoundException, UnprocessableEntityException } from '@workos-inc/node';
import type { ListOrganizationMembershipsOptions } from '@workos-inc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EventInput } from '../../emulator/event-types.js';
import { NOW, rawFetch, rejectionOf } from './support/emulator-fixture.js';
import { drainList, startStateFixture } from './support/state-fixture.js';
import type { RawStateList, StateFixture } from './support/state-fixture.js';
import { idsOf, isNewestFirst, worldOracle } from './support/world-oracle.js';

let fx: StateFixture;
beforeAll(async () => {
  fx = await startStateFixture({ seed: 41, events: 2500, organizations: 25 });
});
afterAll(async () => {
  await fx.close();
});

const oracle = () => worldOracle(fx.generator.state);

describe('ordering, limit and cursors through the SDK', () => {
  it('defaults to 10 objects, newest first, and sends order=desc itself', async () => {
    fx.emulator.stats.reset();
    const page = await fx.workos.organizations.listOrganizations();
    expect(fx.emulator.stats.log[0]?.url).toBe('/organizations?order=desc');
    expect(page.data).toHaveLength(10);
    const all = (await drainList(fx.workos, '/organizations')).items;
    expect(isNewestFirst(all)).toBe(true);
    expect(page.data.map((o) => o.id)).toEqual(all.slice(0, 10).map((o) => o['id']));
    expect(page.listMetadata).toEqual({ before: null, after: all[9]?.['id'] });
  });

  it('order asc reverses the list', async () => {
    const desc = (await drainList(fx.workos, '/user_management/users')).items.map((u) => u['id']);
    const asc = await fx.workos.userManagement.listUsers({ order: 'asc', limit: 100 });
    expect(asc.data.map((u) => u.id)).toEqual([...desc].reverse().slice(0, 100));
  });

  it('pages forward with after and back with before, each page matching the full list', async () => {
    const all = (await drainList(fx.workos, '/organizations')).items.map((o) => String(o['id']));
    const first = await fx.workos.organizations.listOrganizations({ limit: 5 });
    const second = await fx.workos.organizations.listOrganizations({ limit: 5, after: first.listMetadata.after ?? '' });
    expect(second.data.map((o) => o.id)).toEqual(all.slice(5, 10));
    expect(second.listMetadata).toEqual({ before: all[5], after: all[9] });
    const back = await fx.workos.organizations.listOrganizations({ limit: 5, before: second.listMetadata.before ?? '' });
    expect(back.data.map((o) => o.id)).toEqual(all.slice(0, 5));
    expect(back.listMetadata).toEqual({ before: null, after: all[4] });
  });

  it('autoPagination() follows after with limit 100 and returns each object once', async () => {
    const expected = oracle().users;
    expect(expected.length).toBeGreaterThan(110); // At least three requests: 10, then pages of 100.
    fx.emulator.stats.reset();
    const all = await (await fx.workos.userManagement.listUsers()).autoPagination();
    expect(idsOf(all)).toEqual(idsOf(expected));
    expect(new Set(all.map((u) => u.id)).size).toBe(all.length);
    const urls = fx.emulator.stats.log.map((e) => e.url);
    expect(urls.slice(1).every((url) => url.includes('limit=100') && url.includes('after='))).toBe(true);
    expect(fx.emulator.stats.countFor('/user_management/users', 200)).toBe(1 + Math.ceil((expected.length - 10) / 100));
  });

  it('autoPagination() of the directory users of the largest directory', async () => {
    const sizes = oracle().directories.map((d) => ({ id: String(d['id']), users: oracle().directoryUsers.filter((u) => u['directory_id'] === d['id']) }));
    const largest = sizes.sort((a, b) => b.users.length - a.users.length)[0];
    expect(largest?.users.length).toBeGreaterThan(10);
    fx.emulator.stats.reset();
    const all = await (await fx.workos.directorySync.listUsers({ directory: largest?.id ?? '' })).autoPagination();
    expect(idsOf(all)).toEqual(idsOf(largest?.users ?? []));
    expect(fx.emulator.stats.countFor('/directory_users')).toBe(1 + Math.ceil(((largest?.users.length ?? 0) - 10) / 100));
  });

  it('accepts limit 1 and 100 and rejects 0 and 101 with 422', async () => {
    expect((await fx.workos.sso.listConnections({ limit: 1 })).data).toHaveLength(1);
    expect((await fx.workos.userManagement.listUsers({ limit: 100 })).data).toHaveLength(100);
    for (const limit of [0, 101]) {
      // The SDK drops only null, undefined and '' from the query, so limit=0 reaches the server.
      const error = await rejectionOf(fx.workos.organizations.listOrganizations({ limit }));
      expect(error).toBeInstanceOf(UnprocessableEntityException);
      expect((error as UnprocessableEntityException).message).toContain('limit_out_of_range');
    }
  });

  it('rejects after together with before (422) and a cursor that names nothing (400)', async () => {
    const [a, b] = (await drainList(fx.workos, '/organizations')).items.map((o) => String(o['id']));
    const both = await rejectionOf(fx.workos.organizations.listOrganizations({ after: a ?? '', before: b ?? '' }));
    expect(both).toBeInstanceOf(UnprocessableEntityException);
    expect((both as UnprocessableEntityException).message).toContain('mutually_exclusive');
    const unknown = await rejectionOf(fx.workos.organizations.listOrganizations({ after: 'org_01UNKNOWN' }));
    expect(unknown).toBeInstanceOf(GenericServerException);
    expect((unknown as GenericServerException).status).toBe(400);
    expect((unknown as GenericServerException).rawData).toMatchObject({ code: 'invalid_cursor' });
  });

  it('serves the list envelope as JSON, with X-Request-ID, and 401 for a wrong key', async () => {
    const res = await rawFetch(fx.emulator, '/connections?limit=2');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.headers.get('x-request-id')).toMatch(/^req_/);
    const body = res.json() as unknown as RawStateList;
    expect(body).toMatchObject({ object: 'list', list_metadata: { before: null } });
    expect(body.data.every((c) => c['object'] === 'connection')).toBe(true);
    expect((await rawFetch(fx.emulator, '/connections', 'sk_test_wrong')).status).toBe(401);
  });
});

describe('required filters and unknown parents', () => {
  it('directory users need directory or group; directory groups need directory or user (422)', async () => {
    const users = await rejectionOf(fx.workos.directorySync.listUsers({}));
    expect(users).toBeInstanceOf(UnprocessableEntityException);
    expect((users as UnprocessableEntityException).message).toContain('directory_or_group_required');
    const groups = await rejectionOf(fx.workos.directorySync.listGroups({}));
    expect(groups).toBeInstanceOf(UnprocessableEntityException);
    expect((groups as UnprocessableEntityException).message).toContain('directory_or_user_required');
  });

  it('memberships need organization_id or user_id (422), which the SDK types also demand', async () => {
    const untyped = {} as ListOrganizationMembershipsOptions; // What a JavaScript caller can still send.
    const error = await rejectionOf(fx.workos.userManagement.listOrganizationMemberships(untyped));
    expect(error).toBeInstanceOf(UnprocessableEntityException);
    expect((error as UnprocessableEntityException).message).toContain('organization_id_or_user_id_required');
  });

  it('the per-directory forms answer 404 for a directory that does not exist', async () => {
    const error = await rejectionOf(fx.workos.directorySync.listDirectoryUsers({ directoryId: 'directory_01NOPE' }));
    expect(error).toBeInstanceOf(NotFoundException);
    expect(await rejectionOf(fx.workos.directorySync.listDirectoryGroups({ directoryId: 'directory_01NOPE' }))).toBeInstanceOf(NotFoundException);
  });
});

describe('filters', () => {
  it('memberships list only active ones unless statuses is given', async () => {
    const pending = oracle().memberships.find((m) => m['status'] === 'pending');
    expect(pending).toBeDefined();
    const orgId = String(pending?.['organization_id']);
    const byDefault = await fx.workos.userManagement.listOrganizationMemberships({ organizationId: orgId, limit: 100 });
    expect(byDefault.data.every((m) => m.status === 'active')).toBe(true);
    const all = await fx.workos.userManagement.listOrganizationMemberships({ organizationId: orgId, statuses: ['active', 'pending'], limit: 100 });
    expect(all.data.map((m) => m.id)).toContain(pending?.['id']);
    fx.emulator.listBehaviour.membershipDefaultStatuses = null;
    try {
      expect((await fx.workos.userManagement.listOrganizationMemberships({ organizationId: orgId, limit: 100 })).data).toHaveLength(all.data.length);
    } finally {
      fx.emulator.listBehaviour.membershipDefaultStatuses = ['active'];
    }
  });

  it('filters organizations by domains, directories by organization and search, users by email, connections by type', async () => {
    const org = oracle().organizations.find((o) => (o['domains'] as unknown[]).length > 0) ?? {};
    const domain = String((org['domains'] as { domain: string }[])[0]?.domain);
    const byDomain = await fx.workos.organizations.listOrganizations({ domains: [domain, 'nobody.example'] });
    expect(byDomain.data.map((o) => o.id)).toEqual([org['id']]);
    const directory = oracle().directories[0] ?? {};
    const ofOrg = await fx.workos.directorySync.listDirectories({ organizationId: String(directory['organization_id']) });
    expect(ofOrg.data.map((d) => d.id)).toContain(directory['id']);
    expect(ofOrg.data.every((d) => d.organizationId === directory['organization_id'])).toBe(true);
    const searched = await fx.workos.directorySync.listDirectories({ search: String(directory['name']).toUpperCase() });
    expect(searched.data.map((d) => d.id)).toContain(directory['id']);
    const user = oracle().users[0] ?? {};
    expect((await fx.workos.userManagement.listUsers({ email: String(user['email']) })).data.map((u) => u.id)).toEqual([user['id']]);
    const connection = oracle().connections[0] ?? {};
    const ofType = await fx.workos.sso.listConnections({ connectionType: connection['connection_type'] as never, limit: 100 });
    expect(ofType.data.every((c) => c.type === connection['connection_type'])).toBe(true);
    expect(ofType.data.map((c) => c.id)).toContain(connection['id']);
  });

  it('filters per-directory users by email and idp_id', async () => {
    const user = oracle().directoryUsers[0] ?? {};
    const directoryId = String(user['directory_id']);
    expect((await fx.workos.directorySync.listDirectoryUsers({ directoryId, email: String(user['email']) })).data.map((u) => u.id)).toEqual([user['id']]);
    expect((await fx.workos.directorySync.listDirectoryUsers({ directoryId, idpId: String(user['idp_id']) })).data.map((u) => u.id)).toEqual([user['id']]);
  });

  it('can serve the deprecated groups of /directory_users empty, as for teams created since 2026-05-01', async () => {
    const directory = String(oracle().directories[0]?.['id']);
    fx.emulator.listBehaviour.legacyUserGroups = 'empty';
    try {
      const users = await fx.workos.directorySync.listUsers({ directory, limit: 100 });
      expect(users.data.every((u) => u.groups.length === 0)).toBe(true);
    } finally {
      fx.emulator.listBehaviour.legacyUserGroups = 'memberships';
    }
  });
});

describe('ties and time', () => {
  it('breaks created_at ties by id, in both orders', async () => {
    const created = '2025-05-20T00:00:00.000Z';
    const ids = ['org_01C', 'org_01A', 'org_01B'];
    const inputs: EventInput[] = ids.map((id, i) => ({
      event: 'organization.created',
      data: { object: 'organization', id, name: id, allow_profiles_outside_organization: false, domains: [], created_at: created, updated_at: created },
      createdAt: NOW - 1000 + i,
    }));
    const tied = await startStateFixture({ inputs });
    try {
      expect((await tied.workos.organizations.listOrganizations()).data.map((o) => o.id)).toEqual(['org_01C', 'org_01B', 'org_01A']);
      expect((await tied.workos.organizations.listOrganizations({ order: 'asc' })).data.map((o) => o.id)).toEqual(['org_01A', 'org_01B', 'org_01C']);
      expect((await tied.workos.organizations.listOrganizations({ order: 'asc', after: 'org_01A' })).data.map((o) => o.id)).toEqual(['org_01B', 'org_01C']);
    } finally {
      await tied.close();
    }
  });

  it('lists the world as of the emulator clock: events stamped later have not happened yet', async () => {
    const created = new Date(NOW + 60_000).toISOString();
    const future: EventInput = { event: 'user.created', data: { object: 'user', id: 'user_01LATER', email: 'later@example.com', created_at: created, updated_at: created }, createdAt: NOW + 60_000 };
    const timed = await startStateFixture({ inputs: [future] });
    try {
      expect((await timed.workos.userManagement.listUsers()).data).toEqual([]);
      timed.clock.advance(60_000);
      expect((await timed.workos.userManagement.listUsers()).data.map((u) => u.id)).toEqual(['user_01LATER']);
    } finally {
      await timed.close();
    }
  });
});

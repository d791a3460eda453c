import type { JsonObject } from '../event-types.js';
import type { EntityRecord } from './entity-table.js';
import { directoryNotFoundError, missingFilterError, selected } from './list-endpoint.js';
import type { ListRequest, SelectResult, StateListEndpoint } from './list-endpoint.js';
import { filterValue } from './list-params.js';
import { domainNames } from './organization-lists.js';

/**
 * `GET /directories`: filters `organization_id`, `search` (case-insensitive, in the name) and
 * `domain`. Items are the `dsync.activated` payload plus the single `domain` the list object has
 * and the event omits (the first of its domains, or null).
 */
export const directoriesList: StateListEndpoint = {
  route: '/directories',
  table: (world) => world.directories,
  select: ({ world, params }) => {
    const orgId = filterValue(params, 'organization_id');
    const search = filterValue(params, 'search')?.toLowerCase() ?? null;
    const domain = filterValue(params, 'domain')?.toLowerCase() ?? null;
    const records = world.directories.listed(
      (d) =>
        (orgId === null || d['organization_id'] === orgId) &&
        (search === null || String(d['name'] ?? '').toLowerCase().includes(search)) &&
        (domain === null || domainNames(d).includes(domain)),
    );
    return selected(records, (record) => ({ ...record.item, domain: domainNames(record.item)[0] ?? null }));
  },
};

/** `GET /directory_users` (deprecated form): `directory` or `group` is required. Items carry `groups`. */
export const legacyDirectoryUsersList: StateListEndpoint = {
  route: '/directory_users',
  table: (world) => world.directoryUsers,
  rateLimitKey: (request) => directoryOfUserQuery(request, filterValue(request.params, 'directory')),
  select: (request) => {
    const directory = filterValue(request.params, 'directory');
    const group = filterValue(request.params, 'group');
    if (directory === null && group === null) return { ok: false, error: missingFilterError(['directory', 'group']) };
    return selected(directoryUsers(request, directory, group), (record) => ({ ...record.item, groups: request.behaviour.legacyUserGroups === 'empty' ? [] : groupsOf(request, record.id) }));
  },
};

/** `GET /directories/{id}/users`: 404 for an unknown directory; filters `group`, `email`, `idp_id`; no `groups`. */
export const directoryUsersList: StateListEndpoint = {
  route: '/directories/:id/users',
  table: (world) => world.directoryUsers,
  rateLimitKey: (request) => request.pathId,
  select: (request) => {
    const missing = unknownDirectory(request);
    if (missing !== null) return missing;
    const email = filterValue(request.params, 'email')?.toLowerCase() ?? null;
    const idpId = filterValue(request.params, 'idp_id');
    const records = directoryUsers(request, request.pathId, filterValue(request.params, 'group')).filter(
      (r) => (email === null || String(r.item['email'] ?? '').toLowerCase() === email) && (idpId === null || r.item['idp_id'] === idpId),
    );
    return selected(records);
  },
};

/** `GET /directory_groups` (deprecated form): `directory` or `user` is required. */
export const legacyDirectoryGroupsList: StateListEndpoint = {
  route: '/directory_groups',
  table: (world) => world.directoryGroups,
  select: (request) => {
    const directory = filterValue(request.params, 'directory');
    const user = filterValue(request.params, 'user');
    if (directory === null && user === null) return { ok: false, error: missingFilterError(['directory', 'user']) };
    return selected(directoryGroups(request, directory, user));
  },
};

/** `GET /directories/{id}/groups`: 404 for an unknown directory; filter `user`. */
export const directoryGroupsList: StateListEndpoint = {
  route: '/directories/:id/groups',
  table: (world) => world.directoryGroups,
  select: (request) => unknownDirectory(request) ?? selected(directoryGroups(request, request.pathId, filterValue(request.params, 'user'))),
};

/** Live directory users of a directory and/or members of a group (both filters apply when given). */
function directoryUsers({ world }: ListRequest, directory: string | null, group: string | null): EntityRecord[] {
  const members = group === null ? null : world.groupMemberships.usersOf(group);
  return world.directoryUsers.listed((u) => (directory === null || u['directory_id'] === directory) && (members === null || members.has(String(u['id']))));
}

/** Live groups of a directory and/or of a user. */
function directoryGroups({ world }: ListRequest, directory: string | null, user: string | null): EntityRecord[] {
  const groups = user === null ? null : world.groupMemberships.groupsOf(user);
  return world.directoryGroups.listed((g) => (directory === null || g['directory_id'] === directory) && (groups === null || groups.has(String(g['id']))));
}

/** The user's live groups as full group objects, in the order the user joined them. */
function groupsOf({ world }: ListRequest, userId: string): JsonObject[] {
  return [...world.groupMemberships.groupsOf(userId)].flatMap((id) => {
    const group = world.directoryGroups.getLive(id);
    return group === undefined ? [] : [group.item];
  });
}

/** The directory a user listing reads, for its per-directory rate limit: given, or the group's. */
function directoryOfUserQuery(request: ListRequest, directory: string | null): string | null {
  if (directory !== null) return directory;
  const group = filterValue(request.params, 'group');
  if (group === null) return null;
  const directoryId = request.world.directoryGroups.get(group)?.item['directory_id'];
  return typeof directoryId === 'string' ? directoryId : group;
}

function unknownDirectory(request: ListRequest): SelectResult | null {
  const id = request.pathId ?? '';
  return request.world.directories.getLive(id) === undefined ? { ok: false, error: directoryNotFoundError(id) } : null;
}

import { missingFilterError, selected } from './list-endpoint.js';
import type { StateListEndpoint } from './list-endpoint.js';
import { filterValue, filterValues } from './list-params.js';

/**
 * `GET /user_management/users`: filters `email` (case-insensitive) and `organization_id` (users
 * with a membership of any status in that organization).
 */
export const usersList: StateListEndpoint = {
  route: '/user_management/users',
  table: (world) => world.users,
  select: ({ world, params }) => {
    const email = filterValue(params, 'email')?.toLowerCase() ?? null;
    const orgId = filterValue(params, 'organization_id');
    const members = orgId === null ? null : new Set(world.organizationMemberships.live((m) => m['organization_id'] === orgId).map((m) => m.item['user_id']));
    return selected(world.users.listed((u) => (email === null || String(u['email'] ?? '').toLowerCase() === email) && (members === null || members.has(u['id']))));
  },
};

/**
 * `GET /user_management/organization_memberships`: `organization_id` or `user_id` is required;
 * `statuses` is comma-joined by the SDK. Without it only the default statuses are listed (see
 * `membershipDefaultStatuses`).
 */
export const organizationMembershipsList: StateListEndpoint = {
  route: '/user_management/organization_memberships',
  table: (world) => world.organizationMemberships,
  select: ({ world, params, behaviour }) => {
    const orgId = filterValue(params, 'organization_id');
    const userId = filterValue(params, 'user_id');
    if (orgId === null && userId === null) return { ok: false, error: missingFilterError(['organization_id', 'user_id']) };
    const given = filterValues(params, 'statuses');
    const statuses = given.length > 0 ? new Set(given) : behaviour.membershipDefaultStatuses === null ? null : new Set(behaviour.membershipDefaultStatuses);
    return selected(
      world.organizationMemberships.listed(
        (m) => (orgId === null || m['organization_id'] === orgId) && (userId === null || m['user_id'] === userId) && (statuses === null || statuses.has(String(m['status']))),
      ),
    );
  },
};

/**
 * WorkOS's state as its list endpoints give it, read from the emulator through the real SDK's raw
 * `get` independently of the connector's reader, per mirror table, to compare with the mirror
 * (`computeDrift` over `mirrorRows`) row for row.
 */
import type { WorkOS } from '@workos-inc/node';
import type { DriftRow, TableRows } from '../../../../consumers/directory-mirror/reconcile-drift.js';
import type { JsonObject } from '../../../../emulator/event-types.js';
import { drainList } from '../../../contract/support/state-fixture.js';

/** Every mirror table's expected live rows, from WorkOS's state APIs. */
export async function workosState(workos: WorkOS): Promise<TableRows> {
  const all = async (path: string, query: Record<string, unknown> = {}): Promise<JsonObject[]> => (await drainList(workos, path, query)).items;
  const byId = (items: readonly JsonObject[]): Map<string, DriftRow> =>
    new Map(items.map((item) => [String(item.id), { updatedAt: String(item.updated_at ?? ''), organizationId: typeof item.organization_id === 'string' ? item.organization_id : null }]));
  const organizations = await all('/organizations');
  const directories = await all('/directories');
  const directoryUsers: JsonObject[] = [];
  const directoryGroups: JsonObject[] = [];
  const groupMemberships: JsonObject[] = [];
  for (const directory of directories) {
    directoryUsers.push(...(await all('/directory_users', { directory: directory.id })));
    const groups = await all('/directory_groups', { directory: directory.id });
    directoryGroups.push(...groups);
    for (const group of groups) {
      for (const member of await all('/directory_users', { group: group.id })) groupMemberships.push({ id: `${String(group.id)}:${String(member.id)}`, organization_id: member.organization_id });
    }
  }
  const memberships: JsonObject[] = [];
  for (const organization of organizations) {
    memberships.push(...(await all('/user_management/organization_memberships', { organization_id: organization.id, statuses: 'active,inactive,pending' })));
  }
  return {
    organizations: byId(organizations),
    directories: byId(directories),
    directory_users: byId(directoryUsers),
    directory_groups: byId(directoryGroups),
    group_memberships: byId(groupMemberships),
    users: byId(await all('/user_management/users')),
    organization_memberships: byId(memberships),
    connections: byId(await all('/connections')),
  };
}

/**
 * WorkOS's state as its list endpoints give it (read from the emulator through the real SDK's raw
 * `get`), and the directory mirror's live rows, side by side per table, to compare row for row.
 */
import type { WorkOS } from '@workos-inc/node';
import type { MirrorStore } from '../../../../consumers/directory-mirror/mirror-store.js';
import { MIRROR_TABLE_NAMES, type MirrorTable } from '../../../../consumers/directory-mirror/mirror-tables.js';
import type { JsonObject } from '../../../../emulator/event-types.js';
import { drainList } from '../../../contract/support/state-fixture.js';

/** One table as id → `updated_at` (memberships, which have none, map to ''). */
export type TableState = Map<string, string>;

/** Every mirror table's expected live rows, from WorkOS's state APIs. */
export async function workosState(workos: WorkOS): Promise<Record<MirrorTable, TableState>> {
  const all = async (path: string, query: Record<string, unknown> = {}): Promise<JsonObject[]> => (await drainList(workos, path, query)).items;
  const byId = (items: readonly JsonObject[]): TableState => new Map(items.map((item) => [String(item.id), String(item.updated_at ?? '')]));
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
      for (const member of await all('/directory_users', { group: group.id })) groupMemberships.push({ id: `${String(group.id)}:${String(member.id)}` });
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

/**
 * The mirror's live rows per table, as a service reads them: a directory's users, groups and
 * memberships only while the directory is live (WorkOS sends no per-user deletes when a directory
 * goes), an organization's directories, connections and memberships only while it is live.
 */
export async function mirrorState(store: MirrorStore): Promise<Record<MirrorTable, TableState>> {
  const live = new Map<MirrorTable, Map<string, Record<string, unknown> & { columns: Record<string, string | null> }>>();
  for (const table of MIRROR_TABLE_NAMES) {
    const rows = (await store.exportRows(table)).filter((row) => row.deletedAtUs === null);
    live.set(table, new Map(rows.map((row) => [row.id, { ...row.data, columns: { ...row.columns } }])));
  }
  const organizationLive = (id: string | null | undefined): boolean => id === null || id === undefined || live.get('organizations')!.has(id);
  const directoryLive = (id: string | null | undefined): boolean => id !== null && id !== undefined && live.get('directories')!.has(id);
  const state = {} as Record<MirrorTable, TableState>;
  for (const table of MIRROR_TABLE_NAMES) {
    const rows = [...live.get(table)!.entries()].filter(([, row]) => {
      if (!organizationLive(row.columns.organization_id)) return false;
      if (table === 'directory_users' || table === 'directory_groups' || table === 'group_memberships') return directoryLive(row.columns.directory_id);
      return true;
    });
    state[table] = new Map(rows.map(([id, row]) => [id, table === 'group_memberships' ? '' : String(row.updated_at ?? '')]));
  }
  // A membership stands only while both its user and its group do.
  state.group_memberships = new Map(
    [...state.group_memberships].filter(([id]) => {
      const [groupId, userId] = id.split(':');
      return state.directory_groups.has(groupId!) && state.directory_users.has(userId!);
    }),
  );
  return state;
}

/** Differences per table: ids missing from the mirror, ids only in the mirror, ids whose `updated_at` differ. */
export function stateDiff(expected: Record<MirrorTable, TableState>, actual: Record<MirrorTable, TableState>): Record<string, { missing: string[]; extra: string[]; stale: string[] }> {
  const diff: Record<string, { missing: string[]; extra: string[]; stale: string[] }> = {};
  for (const table of MIRROR_TABLE_NAMES) {
    const want = expected[table];
    const have = actual[table];
    const missing = [...want.keys()].filter((id) => !have.has(id));
    const extra = [...have.keys()].filter((id) => !want.has(id));
    const stale = [...want.keys()].filter((id) => have.has(id) && have.get(id) !== want.get(id));
    if (missing.length + extra.length + stale.length > 0) diff[table] = { missing: missing.slice(0, 5), extra: extra.slice(0, 5), stale: stale.slice(0, 5) };
  }
  return diff;
}

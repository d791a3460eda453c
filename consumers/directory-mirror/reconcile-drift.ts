/**
 * Drift between the directory mirror and WorkOS's state: per table, the rows WorkOS lists that
 * the mirror lacks (missing), the live rows the mirror holds that WorkOS no longer lists (extra),
 * and the rows whose `updated_at` differs (stale). The mirror is read as a service reads it: a
 * directory's users, groups and memberships count only while the directory is live, an
 * organization's rows only while the organization is live.
 */
import type { SnapshotEntity } from '../../schemas/snapshot-record.js';
import { SNAPSHOT_ENTITY_TABLES } from './mirror-snapshot.js';
import type { MirrorReader } from './mirror-store.js';
import { MIRROR_TABLE_NAMES, type MirrorTable } from './mirror-tables.js';

/** One entity as either side holds it. */
export interface DriftRow {
  readonly updatedAt: string;
  readonly organizationId: string | null;
}

/** A side: per table, by id. */
export type TableRows = Record<MirrorTable, Map<string, DriftRow>>;

/** One drifting row. */
export interface DriftEntry {
  readonly table: MirrorTable;
  readonly id: string;
  readonly organizationId: string | null;
  readonly kind: 'missing' | 'extra' | 'stale';
}

/** WorkOS's state keyed by mirror table instead of entity type. */
export function byMirrorTable(state: Partial<Record<SnapshotEntity, Map<string, DriftRow>>>): TableRows {
  const tables = Object.fromEntries(MIRROR_TABLE_NAMES.map((table) => [table, new Map<string, DriftRow>()])) as TableRows;
  for (const [entity, rows] of Object.entries(state) as [SnapshotEntity, Map<string, DriftRow>][]) {
    for (const [id, row] of rows) tables[SNAPSHOT_ENTITY_TABLES[entity]].set(id, row);
  }
  return tables;
}

/** The mirror's live rows, as a service sees them. */
export async function mirrorRows(reader: MirrorReader): Promise<TableRows> {
  const live = new Map<MirrorTable, Map<string, { updatedAt: string; columns: Readonly<Record<string, string | null>> }>>();
  for (const table of MIRROR_TABLE_NAMES) {
    const rows = (await reader.exportRows(table)).filter((row) => row.deletedAtUs === null);
    live.set(table, new Map(rows.map((row) => [row.id, { updatedAt: typeof row.data.updated_at === 'string' ? row.data.updated_at : '', columns: row.columns }])));
  }
  const organizationLive = (id: string | null | undefined): boolean => id === null || id === undefined || live.get('organizations')!.has(id);
  const directoryLive = (id: string | null | undefined): boolean => id !== null && id !== undefined && live.get('directories')!.has(id);
  const tables = {} as TableRows;
  for (const table of MIRROR_TABLE_NAMES) {
    const rows = [...live.get(table)!].filter(([, row]) => {
      if (!organizationLive(row.columns.organization_id)) return false;
      if (table === 'directory_users' || table === 'directory_groups' || table === 'group_memberships') return directoryLive(row.columns.directory_id);
      return true;
    });
    tables[table] = new Map(rows.map(([id, row]) => [id, { updatedAt: table === 'group_memberships' ? '' : row.updatedAt, organizationId: row.columns.organization_id ?? null }]));
  }
  // A membership stands only while both its user and its group do.
  for (const id of [...tables.group_memberships.keys()]) {
    const [groupId, userId] = id.split(':');
    if (!tables.directory_groups.has(groupId ?? '') || !tables.directory_users.has(userId ?? '')) tables.group_memberships.delete(id);
  }
  return tables;
}

/** Every drifting row, table by table, in id order. */
export function computeDrift(expected: TableRows, actual: TableRows): DriftEntry[] {
  const drift: DriftEntry[] = [];
  for (const table of MIRROR_TABLE_NAMES) {
    const want = expected[table];
    const have = actual[table];
    const ids = [...new Set([...want.keys(), ...have.keys()])].sort();
    for (const id of ids) {
      const w = want.get(id);
      const h = have.get(id);
      if (w !== undefined && h === undefined) drift.push({ table, id, organizationId: w.organizationId, kind: 'missing' });
      else if (w === undefined && h !== undefined) drift.push({ table, id, organizationId: h.organizationId, kind: 'extra' });
      else if (w !== undefined && h !== undefined && w.updatedAt !== h.updatedAt) drift.push({ table, id, organizationId: w.organizationId, kind: 'stale' });
    }
  }
  return drift;
}

/** Drift counts per (table, organization), for the report and the metrics. */
export interface DriftScope {
  readonly table: MirrorTable;
  readonly organizationId: string | null;
  readonly missing: number;
  readonly extra: number;
  readonly stale: number;
}

/** Groups `drift` by table and organization. */
export function driftScopes(drift: readonly DriftEntry[]): DriftScope[] {
  const scopes = new Map<string, { table: MirrorTable; organizationId: string | null; missing: number; extra: number; stale: number }>();
  for (const entry of drift) {
    const key = `${entry.table}\u0000${entry.organizationId ?? ''}`;
    const scope = scopes.get(key) ?? { table: entry.table, organizationId: entry.organizationId, missing: 0, extra: 0, stale: 0 };
    scope[entry.kind] += 1;
    scopes.set(key, scope);
  }
  return [...scopes.values()];
}

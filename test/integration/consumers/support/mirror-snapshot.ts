/**
 * Row-for-row views of a mirror: what the store holds, and what the pure handler plus guard say it
 * should hold after a stream. Sorted in JS so database collations cannot differ.
 */
import { mirrorChangesFor } from '../../../../consumers/directory-mirror/mirror-handler.js';
import type { MirrorStore } from '../../../../consumers/directory-mirror/mirror-store.js';
import { MIRROR_TABLE_NAMES, type MirrorTable } from '../../../../consumers/directory-mirror/mirror-tables.js';
import { applyToState, type RowImage } from '../../../../consumers/directory-mirror/updated-at-guard.js';
import { parseWorkosEvent, type WorkosEvent } from '../../../../consumers/events/workos-event.js';

/** A row as compared: every stored field. */
export interface ComparableRow {
  id: string;
  columns: Record<string, string | null>;
  data: unknown;
  updatedAtUs: number;
  deletedAtUs: number | null;
  lastEventId: string;
  lastEventType: string;
}

/** Table → rows sorted by id. */
export type MirrorSnapshot = Record<MirrorTable, ComparableRow[]>;

const byId = (a: ComparableRow, b: ComparableRow): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** Every row of every table, tombstones included. */
export async function snapshotStore(store: MirrorStore): Promise<MirrorSnapshot> {
  const snapshot = {} as MirrorSnapshot;
  for (const table of MIRROR_TABLE_NAMES) {
    snapshot[table] = (await store.exportRows(table))
      .map((row) => ({
        id: row.id,
        columns: { ...row.columns },
        data: row.data,
        updatedAtUs: row.updatedAtUs,
        deletedAtUs: row.deletedAtUs,
        lastEventId: row.lastEventId,
        lastEventType: row.lastEventType,
      }))
      .sort(byId);
  }
  return snapshot;
}

/** The mirror the pure handler and the guard produce from `events` in order. */
export function expectedSnapshot(events: readonly WorkosEvent[]): MirrorSnapshot {
  let state = new Map<string, RowImage>();
  for (const event of events) state = applyToState(state, mirrorChangesFor(parseWorkosEvent(event)));
  const snapshot = Object.fromEntries(MIRROR_TABLE_NAMES.map((table) => [table, [] as ComparableRow[]])) as MirrorSnapshot;
  for (const [key, row] of state) {
    const table = key.slice(0, key.indexOf(':')) as MirrorTable;
    snapshot[table].push({
      id: key.slice(table.length + 1),
      columns: { ...row.columns },
      data: JSON.parse(JSON.stringify(row.data)),
      updatedAtUs: row.versionUs,
      deletedAtUs: row.deletedAtUs,
      lastEventId: row.lastEventId,
      lastEventType: row.lastEventType,
    });
  }
  for (const table of MIRROR_TABLE_NAMES) snapshot[table].sort(byId);
  return snapshot;
}

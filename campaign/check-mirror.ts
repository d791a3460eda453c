/**
 * The mirror check: the rows the mirror process left (every table, tombstones included, through
 * `exportRows`) against a model built from the ground truth: the pure handler applied to every
 * event in API order, each change passed through the same updated_at guard, on an empty state.
 */
import { isDeepStrictEqual } from 'node:util';
import { mirrorChangesFor } from '../consumers/directory-mirror/mirror-handler.js';
import { decideWrite, rowImageOf, type RowImage } from '../consumers/directory-mirror/updated-at-guard.js';
import { MIRROR_TABLE_NAMES, parseWorkosEvent, type MirrorReader, type MirrorTable } from '../consumers/index.js';

/** Per-table and total differences; all must be 0. */
export interface MirrorCheck {
  modelRows: number;
  storedRows: number;
  /** In the model, not in the store. */
  missing: number;
  /** In the store, not in the model. */
  extra: number;
  /** In both, with any field different. */
  different: number;
  byTable: Record<string, { model: number; stored: number; missing: number; extra: number; different: number }>;
  samples: string[];
}

/** A row as compared: every stored field. */
interface Comparable {
  columns: Record<string, string | null>;
  data: unknown;
  updatedAtUs: number;
  deletedAtUs: number | null;
  lastEventId: string;
  lastEventType: string;
}

/** The model: `table` → id → row, from `events` (raw JSON values, API order). */
export function mirrorModel(events: Iterable<unknown>): Map<MirrorTable, Map<string, Comparable>> {
  // One mutable map: applyToState copies its input per event, which is quadratic at this size.
  const state = new Map<string, { table: MirrorTable; id: string; row: RowImage }>();
  for (const value of events) {
    for (const change of mirrorChangesFor(parseWorkosEvent(value))) {
      const key = `${change.table}:${change.id}`;
      const stored = state.get(key)?.row;
      if (decideWrite(stored, change).apply) state.set(key, { table: change.table, id: change.id, row: rowImageOf(change) });
    }
  }
  const model = new Map<MirrorTable, Map<string, Comparable>>(MIRROR_TABLE_NAMES.map((table) => [table, new Map()]));
  for (const { table, id, row } of state.values()) {
    model.get(table)?.set(id, {
      columns: { ...row.columns },
      data: JSON.parse(JSON.stringify(row.data)),
      updatedAtUs: row.versionUs,
      deletedAtUs: row.deletedAtUs,
      lastEventId: row.lastEventId,
      lastEventType: row.lastEventType,
    });
  }
  return model;
}

/** Compares every table of `store` with `model`, row for row. */
export async function checkMirror(store: MirrorReader, model: Map<MirrorTable, Map<string, Comparable>>): Promise<MirrorCheck> {
  const check: MirrorCheck = { modelRows: 0, storedRows: 0, missing: 0, extra: 0, different: 0, byTable: {}, samples: [] };
  const sample = (text: string): void => {
    if (check.samples.length < 10) check.samples.push(text);
  };
  for (const table of MIRROR_TABLE_NAMES) {
    const expected = model.get(table) ?? new Map<string, Comparable>();
    const rows = await store.exportRows(table);
    const line = { model: expected.size, stored: rows.length, missing: 0, extra: 0, different: 0 };
    const storedIds = new Set<string>();
    for (const row of rows) {
      storedIds.add(row.id);
      const want = expected.get(row.id);
      if (want === undefined) {
        line.extra += 1;
        sample(`${table}/${row.id}: in the mirror, not in the model (last event ${row.lastEventId})`);
        continue;
      }
      const got: Comparable = {
        columns: { ...row.columns },
        data: row.data,
        updatedAtUs: row.updatedAtUs,
        deletedAtUs: row.deletedAtUs,
        lastEventId: row.lastEventId,
        lastEventType: row.lastEventType,
      };
      if (!isDeepStrictEqual(got, want)) {
        line.different += 1;
        const fields = (Object.keys(want) as (keyof Comparable)[]).filter((field) => !isDeepStrictEqual(got[field], want[field]));
        sample(`${table}/${row.id}: ${fields.map((f) => `${f} ${JSON.stringify(got[f]).slice(0, 80)} ≠ model ${JSON.stringify(want[f]).slice(0, 80)}`).join('; ')}`);
      }
    }
    for (const id of expected.keys()) {
      if (!storedIds.has(id)) {
        line.missing += 1;
        sample(`${table}/${id}: in the model (last event ${expected.get(id)?.lastEventId}), not in the mirror`);
      }
    }
    check.byTable[table] = line;
    check.modelRows += line.model;
    check.storedRows += line.stored;
    check.missing += line.missing;
    check.extra += line.extra;
    check.different += line.different;
  }
  return check;
}

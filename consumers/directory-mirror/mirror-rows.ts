/**
 * Mapping between SQL rows and {@link MirrorRow}, shared by the writer and the readers.
 */
import type { SqlRow, SqlValue } from '../db/sql-client.js';
import type { MirrorChange } from './mirror-change.js';
import type { MirrorRow } from './mirror-store.js';
import { MIRROR_TABLES, type MirrorTable } from './mirror-tables.js';

/** Column list of a table in DDL order. */
export function columnsOf(table: MirrorTable): string[] {
  return ['id', ...MIRROR_TABLES[table], 'data', 'updated_at_us', 'deleted_at_us', 'last_event_id', 'last_event_type'];
}

/** `alias.col, …` for a SELECT of every column of `table`. */
export function selectList(table: MirrorTable, alias: string): string {
  return columnsOf(table)
    .map((column) => `${alias}.${column}`)
    .join(', ');
}

/** Parameter values for an INSERT of `change` in {@link columnsOf} order. */
export function rowParams(change: MirrorChange): SqlValue[] {
  return [
    change.id,
    ...MIRROR_TABLES[change.table].map((column) => change.columns[column] ?? null),
    JSON.stringify(change.data),
    change.versionUs,
    change.op === 'delete' ? change.deletedAtUs : null,
    change.eventId,
    change.eventType,
  ];
}

/** A {@link MirrorRow} from a SELECT of {@link selectList}. */
export function toMirrorRow(table: MirrorTable, row: SqlRow): MirrorRow {
  const columns: Record<string, string | null> = {};
  for (const column of MIRROR_TABLES[table]) columns[column] = (row[column] as string | null | undefined) ?? null;
  // SQLite returns the JSON text; pg parses `json` columns itself.
  const data = typeof row.data === 'string' ? (JSON.parse(row.data) as Record<string, unknown>) : (row.data as Record<string, unknown>);
  return {
    table,
    id: String(row.id),
    columns,
    data,
    updatedAtUs: Number(row.updated_at_us),
    deletedAtUs: row.deleted_at_us === null || row.deleted_at_us === undefined ? null : Number(row.deleted_at_us),
    lastEventId: String(row.last_event_id),
    lastEventType: String(row.last_event_type),
  };
}

/**
 * The baseline of benchmark 3: the rows the mirror writes, upserted the plainest fast way. Each
 * batch is one transaction holding one multi-row `INSERT … ON CONFLICT (id) DO UPDATE` per table;
 * no guard read, no per-event transaction, no progress row, no Kafka. Within a batch the last
 * change of an id wins (PostgreSQL refuses to update one row twice in one statement).
 */
import type { SqlClient, SqlValue } from '../consumers/db/sql-client.js';
import type { MirrorChange } from '../consumers/directory-mirror/mirror-change.js';
import { columnsOf, rowParams } from '../consumers/directory-mirror/mirror-rows.js';
import type { MirrorTable } from '../consumers/directory-mirror/mirror-tables.js';
import { nowMs } from './stats.js';

/** Result of one raw run. */
export interface RawUpsertRun {
  readonly elapsedMs: number;
  /** Rows sent to the database after de-duplication within batches. */
  readonly rowsWritten: number;
}

/** Upserts `changes` (in stream order) in batches of `batchRows`. */
export async function rawBatchedUpsert(db: SqlClient, changes: readonly MirrorChange[], batchRows: number): Promise<RawUpsertRun> {
  const started = nowMs();
  let rowsWritten = 0;
  for (let i = 0; i < changes.length; i += batchRows) {
    const byTable = new Map<MirrorTable, Map<string, SqlValue[]>>();
    for (const change of changes.slice(i, i + batchRows)) {
      const rows = byTable.get(change.table) ?? new Map<string, SqlValue[]>();
      rows.delete(change.id); // re-insert so the map keeps stream order of last occurrences
      rows.set(change.id, rowParams(change));
      byTable.set(change.table, rows);
    }
    await db.transaction(async (tx) => {
      for (const [table, rows] of byTable) {
        await tx.execute(upsertSql(db, table, rows.size), [...rows.values()].flat());
        rowsWritten += rows.size;
      }
    });
  }
  return { elapsedMs: nowMs() - started, rowsWritten };
}

function upsertSql(db: SqlClient, table: MirrorTable, rows: number): string {
  const columns = columnsOf(table);
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const updates = columns.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`);
  return (
    `INSERT INTO ${db.dialect.table(table)} (${columns.join(', ')}) VALUES ${Array.from({ length: rows }, () => tuple).join(', ')} ` +
    `ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`
  );
}

/**
 * Diagnostic between the two: the same plain upserts, but one transaction per event (as the
 * mirror commits), still without the guard read and the progress row. Events without rows are
 * skipped. Separates "a commit per event" from "what the mirror does inside each commit".
 */
export async function rawPerEventUpsert(db: SqlClient, changesPerEvent: readonly (readonly MirrorChange[])[]): Promise<number> {
  const started = nowMs();
  for (const changes of changesPerEvent) {
    if (changes.length === 0) continue;
    await db.transaction(async (tx) => {
      for (const change of changes) await tx.execute(upsertSql(db, change.table, 1), rowParams(change));
    });
  }
  return nowMs() - started;
}

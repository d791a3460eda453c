/**
 * The snapshot half of the mirror's transaction: remember which rows a snapshot listed, count
 * each scope's completion copies, and when the last copy arrives, tombstone what the scope did
 * not list. Runs inside the batch's transaction, after its rows are written.
 */
import type { SqlDialect, SqlExecutor } from '../db/sql-client.js';
import type { SnapshotScopePart, SnapshotSeen } from './mirror-batch-plan.js';
import { SNAPSHOT_DIFF_EVENT_TYPE } from './mirror-snapshot.js';
import { SNAPSHOT_SCOPE_PARTS_TABLE, SNAPSHOT_SEEN_TABLE } from './mirror-tables.js';

/** The advisory-lock key of a scope: its copies, arriving from several partitions at once, are counted one at a time. */
export function scopeLockKey(part: SnapshotScopePart): string {
  return `snapshot:${part.snapshotId}:${part.table}:${part.organizationId ?? ''}`;
}

/** A scope whose diff ran. */
export interface DiffedScope {
  readonly part: SnapshotScopePart;
  readonly tombstoned: number;
}

/** Stores the listed-row marks (many rows per statement). */
export async function recordSeen(tx: SqlExecutor, dialect: SqlDialect, seen: readonly SnapshotSeen[], chunk: (count: number) => number[]): Promise<void> {
  let start = 0;
  for (const size of chunk(seen.length)) {
    const rows = seen.slice(start, start + size);
    start += size;
    await tx.execute(
      `INSERT INTO ${dialect.table(SNAPSHOT_SEEN_TABLE)} (snapshot_id, table_name, entity_id) VALUES ${rows.map(() => '(?, ?, ?)').join(', ')} ` +
        'ON CONFLICT (snapshot_id, table_name, entity_id) DO NOTHING',
      rows.flatMap((row) => [row.snapshotId, row.table, row.id]),
    );
  }
}

/**
 * Records one completion copy; when it is new and completes the scope, tombstones the scope's
 * live rows that the snapshot did not list and whose version is older than the snapshot's start.
 * A copy seen before (a replay, a redelivery) changes nothing, so the diff runs exactly once.
 */
export async function recordScopePart(tx: SqlExecutor, dialect: SqlDialect, part: SnapshotScopePart): Promise<DiffedScope | undefined> {
  const partsTable = dialect.table(SNAPSHOT_SCOPE_PARTS_TABLE);
  const organization = part.organizationId ?? '';
  const inserted = await tx.execute(
    `INSERT INTO ${partsTable} (snapshot_id, table_name, organization_id, part, parts, started_at_us, listed, received_at_ms) ` +
      'VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (snapshot_id, table_name, organization_id, part) DO NOTHING',
    [part.snapshotId, part.table, organization, part.part, part.parts, part.startedAtUs, part.listed, Date.now()],
  );
  if (inserted === 0) return undefined;
  const [counted] = await tx.query<{ received: number }>(
    `SELECT COUNT(*) AS received FROM ${partsTable} WHERE snapshot_id = ? AND table_name = ? AND organization_id = ?`,
    [part.snapshotId, part.table, organization],
  );
  if (Number(counted?.received ?? 0) < part.parts) return undefined;

  const table = dialect.table(part.table);
  const seenTable = dialect.table(SNAPSHOT_SEEN_TABLE);
  const inScope = part.organizationId === null ? '' : ' AND organization_id = ?';
  const scopeParams = part.organizationId === null ? [] : [part.organizationId];
  const tombstoned = await tx.execute(
    `UPDATE ${table} SET deleted_at_us = ?, last_event_id = ?, last_event_type = ? ` +
      `WHERE deleted_at_us IS NULL AND updated_at_us < ?${inScope} ` +
      `AND NOT EXISTS (SELECT 1 FROM ${seenTable} WHERE snapshot_id = ? AND table_name = ? AND entity_id = ${table}.id)`,
    [part.startedAtUs, part.snapshotId, SNAPSHOT_DIFF_EVENT_TYPE, part.startedAtUs, ...scopeParams, part.snapshotId, part.table],
  );
  // The marks have done their work; a scope's copies never come back for a diff.
  await tx.execute(
    `DELETE FROM ${seenTable} WHERE snapshot_id = ? AND table_name = ?` +
      (part.organizationId === null ? '' : ` AND entity_id IN (SELECT id FROM ${table} WHERE organization_id = ?)`),
    [part.snapshotId, part.table, ...scopeParams],
  );
  await tx.execute(`UPDATE ${partsTable} SET tombstoned = ? WHERE snapshot_id = ? AND table_name = ? AND organization_id = ? AND part = ?`, [
    tombstoned,
    part.snapshotId,
    part.table,
    organization,
    part.part,
  ]);
  return { part, tombstoned };
}

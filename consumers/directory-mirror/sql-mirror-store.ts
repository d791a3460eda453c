/**
 * The {@link MirrorStore} over a {@link SqlClient}: the same statements on SQLite and PostgreSQL.
 * The guard decision is the pure `decideWrite`; this file only reads the stored version and writes
 * the row, inside one transaction per event together with the progress row.
 */
import { migrate } from '../db/migrate.js';
import type { SqlClient, SqlExecutor } from '../db/sql-client.js';
import type { MirrorChange, ProgressMark } from './mirror-change.js';
import { createMirrorReader } from './mirror-queries.js';
import { columnsOf, rowParams } from './mirror-rows.js';
import { mirrorSchemaStatements } from './mirror-schema.js';
import type { AppliedChange, MirrorStore } from './mirror-store.js';
import { MIRROR_TABLE_NAMES, PROGRESS_TABLE, type MirrorTable } from './mirror-tables.js';
import { decideWrite, type StoredVersion } from './updated-at-guard.js';

/** Creates the store over an open database. Call `migrate()` before the first write. */
export function createSqlMirrorStore(db: SqlClient): MirrorStore {
  const { dialect } = db;
  const upsertSql = new Map<MirrorTable, string>(MIRROR_TABLE_NAMES.map((table) => [table, upsertStatement(table)]));

  function upsertStatement(table: MirrorTable): string {
    const columns = columnsOf(table);
    const updates = columns.filter((c) => c !== 'id').map((c) => `${c} = excluded.${c}`);
    return (
      `INSERT INTO ${dialect.table(table)} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')}) ` +
      `ON CONFLICT (id) DO UPDATE SET ${updates.join(', ')}`
    );
  }

  async function storedVersion(tx: SqlExecutor, change: MirrorChange): Promise<StoredVersion | undefined> {
    const rows = await tx.query<{ updated_at_us: number; deleted_at_us: number | null }>(
      `SELECT updated_at_us, deleted_at_us FROM ${dialect.table(change.table)} WHERE id = ?`,
      [change.id],
    );
    const row = rows[0];
    if (row === undefined) return undefined;
    return { versionUs: Number(row.updated_at_us), deletedAtUs: row.deleted_at_us === null ? null : Number(row.deleted_at_us) };
  }

  async function recordProgress(tx: SqlExecutor, mark: ProgressMark): Promise<void> {
    await tx.execute(
      `INSERT INTO ${dialect.table(PROGRESS_TABLE)} (consumer_group, topic, partition_id, last_offset, last_event_id, updated_at_ms) ` +
        'VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (consumer_group, topic, partition_id) DO UPDATE SET ' +
        'last_offset = excluded.last_offset, last_event_id = excluded.last_event_id, updated_at_ms = excluded.updated_at_ms',
      [mark.consumer, mark.topic, mark.partition, Number(mark.offset), mark.eventId, Date.now()],
    );
  }

  return {
    ...createMirrorReader(db),

    async migrate() {
      await migrate(db, 'directory-mirror', mirrorSchemaStatements(dialect));
    },

    apply(changes, progress) {
      return db.transaction(async (tx) => {
        // Another partition may touch the same row (a membership event embeds the user): serialise per row.
        await tx.lock(changes.map((change) => `mirror:${change.table}:${change.id}`));
        const applied: AppliedChange[] = [];
        for (const change of changes) {
          const decision = decideWrite(await storedVersion(tx, change), change);
          if (decision.apply) await tx.execute(upsertSql.get(change.table) as string, rowParams(change));
          applied.push({ table: change.table, id: change.id, decision });
        }
        if (progress !== undefined) await recordProgress(tx, progress);
        return applied;
      });
    },

    async wipe() {
      await db.transaction(async (tx) => {
        await tx.lock(['mirror:wipe']);
        for (const table of [...MIRROR_TABLE_NAMES, PROGRESS_TABLE]) await tx.execute(`DELETE FROM ${dialect.table(table)}`);
      });
    },

    close: () => db.close(),
  };
}

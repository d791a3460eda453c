/**
 * The {@link EffectLedger} over a {@link SqlClient}, the same SQL on SQLite and PostgreSQL. The
 * primary key (effect, event_id) is the whole at-most-once mechanism: of any number of consumers
 * racing for an effect, exactly one INSERT wins.
 */
import { migrate } from '../db/migrate.js';
import type { SqlClient, SqlRow } from '../db/sql-client.js';
import type { EffectLedger, LedgerEntry, LedgerState } from './effect-ledger.js';

/** The ledger table's logical name. */
export const LEDGER_TABLE = 'effect_ledger';

/** Creates the ledger over an open database. Call `migrate()` first. */
export function createSqlEffectLedger(db: SqlClient): EffectLedger {
  const { dialect } = db;
  const table = dialect.table(LEDGER_TABLE);
  const columns = 'effect, event_id, idempotency_key, state, attempts, started_at_ms, finished_at_ms, last_error';

  const get = async (effect: string, eventId: string): Promise<LedgerEntry | undefined> => {
    const [row] = await db.query(`SELECT ${columns} FROM ${table} WHERE effect = ? AND event_id = ?`, [effect, eventId]);
    return row === undefined ? undefined : toEntry(row);
  };

  const finish = async (effect: string, eventId: string, state: LedgerState, error: string | null): Promise<void> => {
    await db.execute(`UPDATE ${table} SET state = ?, finished_at_ms = ?, last_error = ? WHERE effect = ? AND event_id = ?`, [
      state,
      Date.now(),
      error,
      effect,
      eventId,
    ]);
  };

  return {
    async migrate() {
      await migrate(db, 'effect-ledger', [
        [
          `CREATE TABLE IF NOT EXISTS ${table} (`,
          '  effect TEXT NOT NULL,',
          '  event_id TEXT NOT NULL,',
          '  idempotency_key TEXT NOT NULL,',
          "  state TEXT NOT NULL CHECK (state IN ('started', 'done', 'failed')),",
          '  attempts INTEGER NOT NULL DEFAULT 0,',
          `  started_at_ms ${dialect.bigint} NOT NULL,`,
          `  finished_at_ms ${dialect.bigint},`,
          '  last_error TEXT,',
          '  PRIMARY KEY (effect, event_id)',
          ')',
        ].join('\n'),
        `CREATE INDEX IF NOT EXISTS ${dialect.index(LEDGER_TABLE, 'state')} ON ${table} (state, started_at_ms)`,
      ]);
    },

    claim(effect, eventId, idempotencyKey) {
      return db.transaction(async (tx) => {
        const inserted = await tx.execute(
          `INSERT INTO ${table} (effect, event_id, idempotency_key, state, attempts, started_at_ms) ` +
            "VALUES (?, ?, ?, 'started', 0, ?) ON CONFLICT (effect, event_id) DO NOTHING",
          [effect, eventId, idempotencyKey, Date.now()],
        );
        if (inserted === 1) return { claimed: true } as const;
        const [row] = await tx.query(`SELECT ${columns} FROM ${table} WHERE effect = ? AND event_id = ?`, [effect, eventId]);
        if (row === undefined) throw new Error(`ledger row ${effect}/${eventId} vanished during its claim`);
        return { claimed: false, entry: toEntry(row) } as const;
      });
    },

    async recordAttempt(effect, eventId) {
      await db.execute(`UPDATE ${table} SET attempts = attempts + 1 WHERE effect = ? AND event_id = ?`, [effect, eventId]);
    },

    markDone: (effect, eventId) => finish(effect, eventId, 'done', null),
    markFailed: (effect, eventId, error) => finish(effect, eventId, 'failed', error.slice(0, 2000)),

    async release(effect, eventId) {
      const deleted = await db.execute(`DELETE FROM ${table} WHERE effect = ? AND event_id = ? AND state <> 'done'`, [effect, eventId]);
      return deleted > 0;
    },

    get,

    async list(state) {
      const where = state === undefined ? '' : ' WHERE state = ?';
      const rows = await db.query(`SELECT ${columns} FROM ${table}${where} ORDER BY started_at_ms, effect, event_id`, state === undefined ? [] : [state]);
      return rows.map(toEntry);
    },

    async counts() {
      const rows = await db.query<{ state: string; n: number | string }>(`SELECT state, COUNT(*) AS n FROM ${table} GROUP BY state`);
      const result: Record<LedgerState, number> = { started: 0, done: 0, failed: 0 };
      for (const row of rows) result[row.state as LedgerState] = Number(row.n);
      return result;
    },

    close: () => db.close(),
  };
}

function toEntry(row: SqlRow): LedgerEntry {
  return {
    effect: String(row.effect),
    eventId: String(row.event_id),
    idempotencyKey: String(row.idempotency_key),
    state: row.state as LedgerState,
    attempts: Number(row.attempts),
    startedAtMs: Number(row.started_at_ms),
    finishedAtMs: row.finished_at_ms === null || row.finished_at_ms === undefined ? null : Number(row.finished_at_ms),
    lastError: (row.last_error as string | null | undefined) ?? null,
  };
}

/**
 * The {@link EffectLedger} over a {@link SqlClient}, the same SQL on SQLite and PostgreSQL. The
 * primary key (effect, event_id) is the whole claim mechanism: of any number of consumers racing
 * for an effect, exactly one INSERT wins. A take-over of an in-doubt row is a compare-and-set on
 * `started_at_ms`, so of the runs that read the same claim exactly one takes it over; a run that
 * comes after it takes it over again (a redelivery during a rebalance), and that second send is
 * one more call with the same key, which a receiver that dedupes absorbs.
 *
 * Beside the ledger, `effect_requests` keeps what each unfinished effect is sent with (event type
 * and payload), written in the claim's transaction, so `workos-kafka effects --retry` can send it
 * again without the event. It is deleted when the effect is done: no copy of personal data is
 * kept for effects that need nothing more.
 */
import { migrate } from '../db/migrate.js';
import type { SqlClient, SqlExecutor, SqlRow } from '../db/sql-client.js';
import { decideClaim, takeOverStartMs, type EffectLedger, type LedgerEntry, type LedgerState, type StoredRequest } from './effect-ledger.js';

/** The ledger table's logical name. */
export const LEDGER_TABLE = 'effect_ledger';

/** The logical name of the table of stored requests. */
export const LEDGER_REQUESTS_TABLE = 'effect_requests';

/** Unfinished rows an operator should look at (the `effects` command and the ledger gauge). */
export interface LedgerAttention {
  /** `started` rows claimed before the given time: in doubt, not merely in flight. */
  readonly inDoubt: number;
  readonly failed: number;
}

/** The SQL ledger: the executor's {@link EffectLedger} plus what the `effects` command and the metrics need. */
export interface SqlEffectLedger extends EffectLedger {
  /** The request stored with the claim, if any (claims before this table existed have none). */
  storedRequest(effect: string, eventId: string): Promise<StoredRequest | undefined>;
  /**
   * Takes `entry` (a `started` or `failed` row) back as `started` for an operator's resend, if it
   * is still exactly as read (state and claim time); false when another run changed it meanwhile.
   */
  retake(entry: LedgerEntry): Promise<boolean>;
  /** Counts of in-doubt rows (`started` before `inDoubtBeforeMs`) and failed rows; uses the state index. */
  attention(inDoubtBeforeMs: number): Promise<LedgerAttention>;
}

/** Creates the ledger over an open database. Call `migrate()` first. */
export function createSqlEffectLedger(db: SqlClient): SqlEffectLedger {
  const { dialect } = db;
  const table = dialect.table(LEDGER_TABLE);
  const requests = dialect.table(LEDGER_REQUESTS_TABLE);
  const columns = 'effect, event_id, idempotency_key, state, attempts, started_at_ms, finished_at_ms, last_error';

  const read = async (sql: SqlExecutor, effect: string, eventId: string): Promise<LedgerEntry | undefined> => {
    const [row] = await sql.query(`SELECT ${columns} FROM ${table} WHERE effect = ? AND event_id = ?`, [effect, eventId]);
    return row === undefined ? undefined : toEntry(row);
  };

  /** Compare-and-set: the row goes (back) to `started` only if it is still as `entry` says. */
  const takeOver = async (sql: SqlExecutor, entry: LedgerEntry): Promise<boolean> => {
    const changed = await sql.execute(
      `UPDATE ${table} SET state = 'started', started_at_ms = ?, finished_at_ms = NULL ` +
        'WHERE effect = ? AND event_id = ? AND state = ? AND started_at_ms = ?',
      [takeOverStartMs(entry, Date.now()), entry.effect, entry.eventId, entry.state, entry.startedAtMs],
    );
    return changed === 1;
  };

  const storeRequest = async (sql: SqlExecutor, effect: string, eventId: string, request: StoredRequest | undefined): Promise<void> => {
    if (request === undefined) return;
    await sql.execute(
      `INSERT INTO ${requests} (effect, event_id, event_type, payload) VALUES (?, ?, ?, ?) ` +
        'ON CONFLICT (effect, event_id) DO UPDATE SET event_type = excluded.event_type, payload = excluded.payload',
      [effect, eventId, request.eventType, JSON.stringify(request.payload)],
    );
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
        [
          `CREATE TABLE IF NOT EXISTS ${requests} (`,
          '  effect TEXT NOT NULL,',
          '  event_id TEXT NOT NULL,',
          '  event_type TEXT NOT NULL,',
          `  payload ${dialect.json} NOT NULL,`,
          '  PRIMARY KEY (effect, event_id)',
          ')',
        ].join('\n'),
      ]);
    },

    claim(effect, eventId, idempotencyKey, options = {}) {
      return db.transaction(async (tx) => {
        const inserted = await tx.execute(
          `INSERT INTO ${table} (effect, event_id, idempotency_key, state, attempts, started_at_ms) ` +
            "VALUES (?, ?, ?, 'started', 0, ?) ON CONFLICT (effect, event_id) DO NOTHING",
          [effect, eventId, idempotencyKey, Date.now()],
        );
        if (inserted === 1) {
          await storeRequest(tx, effect, eventId, options.request);
          return { claimed: true } as const;
        }
        const entry = await read(tx, effect, eventId);
        if (entry === undefined) throw new Error(`ledger row ${effect}/${eventId} vanished during its claim`);
        if (decideClaim(entry, options.takeOverInDoubt ?? false) !== 'take-over') return { claimed: false, entry } as const;
        if (!(await takeOver(tx, entry))) {
          // Another run took it over between our read and our update (PostgreSQL): theirs to send.
          const now = await read(tx, effect, eventId);
          if (now === undefined) throw new Error(`ledger row ${effect}/${eventId} vanished during its take-over`);
          return { claimed: false, entry: now } as const;
        }
        await storeRequest(tx, effect, eventId, options.request);
        return { claimed: true, takenOver: entry } as const;
      });
    },

    async recordAttempt(effect, eventId) {
      await db.execute(`UPDATE ${table} SET attempts = attempts + 1 WHERE effect = ? AND event_id = ?`, [effect, eventId]);
    },

    markDone(effect, eventId) {
      return db.transaction(async (tx) => {
        await tx.execute(`UPDATE ${table} SET state = 'done', finished_at_ms = ?, last_error = NULL WHERE effect = ? AND event_id = ? AND state <> 'done'`, [
          Date.now(),
          effect,
          eventId,
        ]);
        await tx.execute(`DELETE FROM ${requests} WHERE effect = ? AND event_id = ?`, [effect, eventId]);
      });
    },

    async markFailed(effect, eventId, error) {
      await db.execute(`UPDATE ${table} SET state = 'failed', finished_at_ms = ?, last_error = ? WHERE effect = ? AND event_id = ? AND state = 'started'`, [
        Date.now(),
        error.slice(0, 2000),
        effect,
        eventId,
      ]);
    },

    release(effect, eventId) {
      return db.transaction(async (tx) => {
        const deleted = await tx.execute(`DELETE FROM ${table} WHERE effect = ? AND event_id = ? AND state <> 'done'`, [effect, eventId]);
        if (deleted > 0) await tx.execute(`DELETE FROM ${requests} WHERE effect = ? AND event_id = ?`, [effect, eventId]);
        return deleted > 0;
      });
    },

    get: (effect, eventId) => read(db, effect, eventId),

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

    async storedRequest(effect, eventId) {
      const [row] = await db.query(`SELECT event_type, payload FROM ${requests} WHERE effect = ? AND event_id = ?`, [effect, eventId]);
      if (row === undefined) return undefined;
      // PostgreSQL's driver parses `json` columns; SQLite returns the text.
      const payload = typeof row.payload === 'string' ? (JSON.parse(row.payload) as unknown) : row.payload;
      return { eventType: String(row.event_type), payload: payload as Record<string, unknown> };
    },

    retake: (entry) => db.transaction((tx) => takeOver(tx, entry)),

    async attention(inDoubtBeforeMs) {
      const count = async (sql: string, params: Array<string | number>): Promise<number> =>
        Number((await db.query<{ n: number | string }>(sql, params))[0]?.n ?? 0);
      return {
        inDoubt: await count(`SELECT COUNT(*) AS n FROM ${table} WHERE state = 'started' AND started_at_ms < ?`, [inDoubtBeforeMs]),
        failed: await count(`SELECT COUNT(*) AS n FROM ${table} WHERE state = 'failed'`, []),
      };
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

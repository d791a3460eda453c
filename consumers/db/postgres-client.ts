/**
 * PostgreSQL through a `pg` pool. Tables live in a configurable schema (tests use a fresh one per
 * test); statements written with `?` placeholders are rewritten to `$n`.
 */
import pg from 'pg';
import { assertIdentifier, evenRowGroups, type SqlClient, type SqlDialect, type SqlExecutor, type SqlRow, type SqlValue } from './sql-client.js';

/** Options for {@link openPostgres}. */
export interface PostgresOptions {
  /** `postgres://user@host:port/db` (the `DATABASE_URL`). */
  connectionString: string;
  /** Schema holding the tables; created when missing. Default `public`. */
  schema?: string;
  /** Prefix for every table name. Default none. */
  tablePrefix?: string;
  /** Pool size. Default 4 (one per concurrently consumed partition is plenty). */
  maxConnections?: number;
}

const INT8_OID = 20;

/** Opens a pool. Nothing connects until the first statement. */
export function openPostgres(options: PostgresOptions): SqlClient {
  const schema = assertIdentifier('schema', options.schema ?? 'public');
  const prefix = assertIdentifier('tablePrefix', options.tablePrefix ?? '', true);
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.maxConnections ?? 4,
    // Epoch integers are stored as BIGINT; they stay below 2^53, so numbers are exact.
    types: {
      getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
        oid === INT8_OID ? (value: string) => Number(value) : pg.types.getTypeParser(oid, format as 'text')) as typeof pg.types.getTypeParser,
    },
  });
  // An idle client losing its connection must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  const dialect: SqlDialect = {
    kind: 'postgres',
    bigint: 'BIGINT',
    json: 'JSON',
    // Every statement is a network round trip: as many rows as reasonable in each (unnamed
    // statements are not cached, so any count is fine).
    rowGroups: (count) => evenRowGroups(count, 200),
    table: (name) => `"${schema}"."${prefix}${name}"`,
    index: (table, suffix) => `"${prefix}${table}_${suffix}"`,
  };
  return new PostgresClient(pool, dialect, schema);
}

class PostgresClient implements SqlClient {
  constructor(
    private readonly pool: pg.Pool,
    readonly dialect: SqlDialect,
    private readonly schema: string,
  ) {}

  async query<R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return (await this.pool.query(toNumbered(sql), [...params])).rows as R[];
  }

  async execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return (await this.pool.query(toNumbered(sql), [...params])).rowCount ?? 0;
  }

  async lock(): Promise<void> {
    // Outside a transaction an advisory xact lock would end at once; only transactions lock.
  }

  async transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    let broken: unknown;
    try {
      await client.query('BEGIN');
      const tx: SqlExecutor = {
        query: async <R extends SqlRow>(sql: string, params: readonly SqlValue[] = []) =>
          (await client.query(toNumbered(sql), [...params])).rows as R[],
        execute: async (sql, params = []) => (await client.query(toNumbered(sql), [...params])).rowCount ?? 0,
        lock: async (keys) => {
          if (keys.length === 0) return;
          // One round trip for any number of keys. Locks are taken in the order of their 64-bit
          // hashes (what the lock really is), so two transactions can never wait on each other.
          await client.query(
            'SELECT count(pg_advisory_xact_lock(h)) FROM ' +
              '(SELECT DISTINCT hashtextextended(k, 0) AS h FROM unnest($1::text[]) AS k ORDER BY h) AS ordered',
            [[...new Set(keys)]],
          );
        },
      };
      const result = await fn(tx);
      await client.query('COMMIT');
      return result;
    } catch (err) {
      try {
        await client.query('ROLLBACK');
      } catch (rollbackError) {
        broken = rollbackError;
      }
      throw err;
    } finally {
      // A connection whose rollback failed is in an unknown state: destroy it, never reuse it.
      client.release(broken === undefined ? undefined : toError(broken));
    }
  }

  async prepare(): Promise<void> {
    // Two processes starting together would race on the catalog; the lock makes them take turns.
    await this.transaction(async (tx) => {
      await tx.lock([`schema:${this.schema}`]);
      await tx.execute(`CREATE SCHEMA IF NOT EXISTS "${this.schema}"`);
    });
  }

  async close(): Promise<void> {
    // The mirror and the ledger may share one client; the second close is a no-op.
    if (this.pool.ended || this.pool.ending) return;
    await this.pool.end();
  }
}

/** Rewrites `?` placeholders to `$1…$n`. Our statements never contain a literal `?`. */
export function toNumbered(sql: string): string {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
}

function toError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * SQLite through better-sqlite3: the embedded default. One connection in WAL mode; better-sqlite3
 * is synchronous, so async transactions are serialised through a queue to keep two partitions
 * from interleaving statements on the one connection.
 */
import Database from 'better-sqlite3';
import type { Database as SqliteDatabase, Statement } from 'better-sqlite3';
import { assertIdentifier, greedyRowGroups, type SqlClient, type SqlDialect, type SqlExecutor, type SqlRow, type SqlValue } from './sql-client.js';

/** Options for {@link openSqlite}. */
export interface SqliteOptions {
  /** Database file; `:memory:` works for throwaway use. Created when missing. */
  path: string;
  /** Prefix for every table name, e.g. `t1_`. Default none. */
  tablePrefix?: string;
  /** How long a writer waits for another process's lock, ms. Default 10 000. */
  busyTimeoutMs?: number;
}

/** Rows per statement a store may use on SQLite (see `SqlDialect.rowGroups`). */
const SQLITE_ROW_GROUP_SIZES = [64, 8, 1] as const;

/** Opens (creating if needed) a SQLite database in WAL mode with `synchronous=FULL`. */
export function openSqlite(options: SqliteOptions): SqlClient {
  const prefix = assertIdentifier('tablePrefix', options.tablePrefix ?? '', true);
  const db = new Database(options.path);
  db.pragma('journal_mode = WAL');
  // FULL, not NORMAL: offsets are committed to Kafka once a transaction returns, so the
  // transaction must survive power loss too, or a restart would skip events.
  db.pragma('synchronous = FULL');
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 10_000))}`);
  db.pragma('foreign_keys = OFF');
  const dialect: SqlDialect = {
    kind: 'sqlite',
    bigint: 'INTEGER',
    json: 'TEXT',
    // In-process: a statement costs microseconds, but a new row count would mean a new prepared
    // statement; three fixed sizes keep the cache at three statements per table.
    rowGroups: (count) => greedyRowGroups(count, SQLITE_ROW_GROUP_SIZES),
    table: (name) => `"${prefix}${name}"`,
    index: (table, suffix) => `"${prefix}${table}_${suffix}"`,
  };
  return new SqliteClient(db, dialect);
}

class SqliteClient implements SqlClient {
  private readonly statements = new Map<string, Statement>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly executor: SqlExecutor;

  constructor(
    private readonly db: SqliteDatabase,
    readonly dialect: SqlDialect,
  ) {
    this.executor = {
      query: async <R extends SqlRow>(sql: string, params: readonly SqlValue[] = []) => this.all<R>(sql, params),
      execute: async (sql, params = []) => this.run(sql, params),
      lock: async () => undefined,
    };
  }

  query<R extends SqlRow = SqlRow>(sql: string, params: readonly SqlValue[] = []): Promise<R[]> {
    return this.serialised(async () => this.all<R>(sql, params));
  }

  execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.serialised(async () => this.run(sql, params));
  }

  async lock(): Promise<void> {
    // One connection, one writer: nothing to lock.
  }

  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return this.serialised(async () => {
      // IMMEDIATE takes the write lock up front, so a second process waits (busy_timeout)
      // instead of failing half-way with SQLITE_BUSY on its first write.
      this.db.exec('BEGIN IMMEDIATE');
      try {
        const result = await fn(this.executor);
        this.db.exec('COMMIT');
        return result;
      } catch (err) {
        if (this.db.inTransaction) this.db.exec('ROLLBACK');
        throw err;
      }
    });
  }

  async prepare(): Promise<void> {
    // Nothing: SQLite has no schemas to create.
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
    if (this.db.open) this.db.close();
  }

  private serialised<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private statement(sql: string): Statement {
    let statement = this.statements.get(sql);
    if (statement === undefined) {
      statement = this.db.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private all<R>(sql: string, params: readonly SqlValue[]): R[] {
    const statement = this.statement(sql);
    if (!statement.reader) {
      statement.run(...params);
      return [];
    }
    return statement.all(...params) as R[];
  }

  private run(sql: string, params: readonly SqlValue[]): number {
    const statement = this.statement(sql);
    if (statement.reader) return statement.all(...params).length;
    return statement.run(...params).changes;
  }
}

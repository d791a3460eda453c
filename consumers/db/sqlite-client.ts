/**
 * SQLite through better-sqlite3: the embedded default. One connection in WAL mode; better-sqlite3
 * is synchronous, so async transactions are serialised through a queue to keep two partitions
 * from interleaving statements on the one connection, and the transactions waiting in that queue
 * commit together (group commit, see `transaction`).
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
  const busyTimeoutMs = Math.max(0, Math.trunc(options.busyTimeoutMs ?? 10_000));
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
  enableWal(db, busyTimeoutMs);
  // FULL, not NORMAL: offsets are committed to Kafka once a transaction returns, so the
  // transaction must survive power loss too, or a restart would skip events.
  db.pragma('synchronous = FULL');
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

/** Sleeps synchronously: opening is synchronous, like every better-sqlite3 call. */
const sleeper = new Int32Array(new SharedArrayBuffer(4));

/**
 * Switches the file to WAL, waiting up to `timeoutMs` for other connections. SQLite answers
 * SQLITE_BUSY at once, without calling the busy handler, while another connection writes to a file
 * still in rollback mode: two roles that open a new database file together (the directory mirror
 * and the notifier sharing one) saw "database is locked" at start-up.
 */
function enableWal(db: SqliteDatabase, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      if ((err as { code?: unknown }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw err;
      Atomics.wait(sleeper, 0, 0, 20);
    }
  }
}

/** A transaction waiting for its group's commit. */
interface GroupMember {
  readonly fn: (tx: SqlExecutor) => Promise<unknown>;
  resolve(value: unknown): void;
  reject(err: unknown): void;
}

// Each member of a group runs inside this savepoint of the group's one transaction.
const MEMBER_SAVEPOINT = 'group_member';

class SqliteClient implements SqlClient {
  private readonly statements = new Map<string, Statement>();
  private queue: Promise<unknown> = Promise.resolve();
  private readonly executor: SqlExecutor;
  /** The group that later transactions may still join; closed when it starts or when other work queues behind it. */
  private openGroup: GroupMember[] | undefined;

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

  /** A write outside a transaction: one more member of the next group commit, as if in its own transaction. */
  execute(sql: string, params: readonly SqlValue[] = []): Promise<number> {
    return this.transaction(async (tx) => tx.execute(sql, params));
  }

  async lock(): Promise<void> {
    // One connection, one writer: nothing to lock.
  }

  /**
   * Group commit. A transaction joins the group queued last, if nothing else has queued behind it,
   * and the group runs as ONE SQLite transaction with each member in a savepoint: a member that
   * throws rolls back to its savepoint (its writes only), the others commit together, and every
   * member's promise settles after that commit. With `synchronous=FULL` a commit is an fsync, and
   * the notifier's 16 effects in flight each commit three times: one fsync for all that arrived
   * meanwhile instead of one each. Order is kept: members run in the order they were called, and
   * a read queued between two transactions runs between them.
   */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      if (this.openGroup === undefined) {
        const group: GroupMember[] = [];
        this.openGroup = group;
        void this.enqueue(() => this.commitGroup(group));
      }
      this.openGroup.push({ fn, resolve: resolve as (value: unknown) => void, reject });
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
    // Work queued behind a group closes it: a later transaction must not run before this work.
    this.openGroup = undefined;
    return this.enqueue(work);
  }

  private enqueue<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private async commitGroup(group: GroupMember[]): Promise<void> {
    // One turn of the event loop: callbacks already due (answers from receivers, fetched
    // batches) still join this group instead of each starting its own commit.
    await new Promise<void>((resolve) => setImmediate(resolve));
    if (this.openGroup === group) this.openGroup = undefined;
    let pending = group;
    while (pending.length > 0) pending = await this.runInOneTransaction(pending);
  }

  /**
   * Runs `members` in one transaction and settles them after its commit. Returns the members not
   * yet run when SQLite itself ended the transaction half-way (some errors roll back the whole
   * transaction): the members before lost their writes and are rejected, the rest start anew.
   */
  private async runInOneTransaction(members: readonly GroupMember[]): Promise<GroupMember[]> {
    try {
      // IMMEDIATE takes the write lock up front, so a second process waits (busy_timeout)
      // instead of failing half-way with SQLITE_BUSY on its first write.
      this.db.exec('BEGIN IMMEDIATE');
    } catch (err) {
      for (const member of members) member.reject(err);
      return [];
    }
    const settle: Array<() => void> = [];
    for (const [at, member] of members.entries()) {
      try {
        this.db.exec(`SAVEPOINT ${MEMBER_SAVEPOINT}`);
        const value = await member.fn(this.executor);
        this.db.exec(`RELEASE ${MEMBER_SAVEPOINT}`);
        settle.push(() => member.resolve(value));
      } catch (err) {
        if (!this.db.inTransaction) {
          member.reject(err);
          const lost = new Error(`rolled back: SQLite ended the transaction it shared with a failing one (${err instanceof Error ? err.message : String(err)})`, { cause: err });
          for (const done of members.slice(0, at)) done.reject(lost);
          return members.slice(at + 1);
        }
        this.db.exec(`ROLLBACK TO ${MEMBER_SAVEPOINT}`);
        this.db.exec(`RELEASE ${MEMBER_SAVEPOINT}`);
        settle.push(() => member.reject(err));
      }
    }
    try {
      this.db.exec('COMMIT');
    } catch (err) {
      if (this.db.inTransaction) this.db.exec('ROLLBACK');
      for (const member of members) member.reject(err);
      return [];
    }
    for (const settleOne of settle) settleOne();
    return [];
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

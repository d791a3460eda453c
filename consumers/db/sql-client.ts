/**
 * The small SQL surface the consumers' stores are written against, so the directory mirror and
 * the effect ledger have ONE implementation each and the database (SQLite or PostgreSQL) is a
 * connection detail. Statements use `?` placeholders; the PostgreSQL client rewrites them.
 */

/** A value bound to a placeholder. Timestamps are epoch integers, JSON is text. */
export type SqlValue = string | number | null;

/** A result row; column names as written in the SELECT. */
export type SqlRow = Record<string, unknown>;

/** Runs statements; inside {@link SqlClient.transaction} every call belongs to that transaction. */
export interface SqlExecutor {
  /** Runs a statement and returns its rows (empty for statements without a result set). */
  query<R extends SqlRow = SqlRow>(sql: string, params?: readonly SqlValue[]): Promise<R[]>;
  /** Runs a statement and returns the number of rows it changed. */
  execute(sql: string, params?: readonly SqlValue[]): Promise<number>;
  /**
   * Serialises writers on the given keys until the transaction ends (PostgreSQL advisory locks,
   * taken in sorted order so two transactions cannot deadlock). SQLite has one writer anyway.
   */
  lock(keys: readonly string[]): Promise<void>;
}

/** The SQL flavour differences the stores need. */
export interface SqlDialect {
  readonly kind: 'sqlite' | 'postgres';
  /** Type for epoch integers (ms or µs). */
  readonly bigint: string;
  /** Type for raw JSON kept as text (PostgreSQL `json` keeps the text as given, unlike `jsonb`). */
  readonly json: string;
  /**
   * Most rows a store puts in one statement when it reads or writes many (`IN (…)`, multi-row
   * `VALUES`). SQLite runs in-process, where a cached one-row statement costs microseconds and a
   * varying row count would mean a new prepared statement each time: 1. PostgreSQL pays a network
   * round trip per statement, so rows are grouped.
   */
  readonly rowsPerStatement: number;
  /** The quoted, schema-qualified, prefixed table name for a logical table name. */
  table(name: string): string;
  /** An index name unique within the schema. */
  index(table: string, suffix: string): string;
}

/** A connection (or pool) to one database. */
export interface SqlClient extends SqlExecutor {
  readonly dialect: SqlDialect;
  /** Runs `fn` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  /** Statements run once before any store migrates (e.g. `CREATE SCHEMA`). */
  prepare(): Promise<void>;
  close(): Promise<void>;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,40}$/;

/** Throws unless `value` is a plain SQL identifier (schema names and table prefixes are spliced into SQL). */
export function assertIdentifier(what: string, value: string, allowEmpty = false): string {
  if (allowEmpty && value === '') return value;
  if (!IDENTIFIER.test(value)) throw new Error(`${what} must match ${IDENTIFIER.source}, got "${value}"`);
  return value;
}

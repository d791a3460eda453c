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
   * How a store splits `count` rows it reads or writes together (`IN (…)`, multi-row `VALUES`)
   * into statements: the row count of each statement, in order, summing to `count`.
   */
  rowGroups(count: number): number[];
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

/**
 * Splits `count` into parts taken greedily from `sizes` (descending, ending in 1). With a few
 * fixed sizes, statements of many rows are still prepared once each and then reused.
 */
export function greedyRowGroups(count: number, sizes: readonly number[]): number[] {
  const groups: number[] = [];
  let left = count;
  for (const size of sizes) {
    while (left >= size) {
      groups.push(size);
      left -= size;
    }
  }
  if (left > 0) throw new RangeError(`row group sizes ${sizes.join(', ')} cannot make ${count}`);
  return groups;
}

/** Splits `count` into parts of `size` and a smaller remainder. */
export function evenRowGroups(count: number, size: number): number[] {
  const groups: number[] = [];
  for (let left = count; left > 0; left -= size) groups.push(Math.min(size, left));
  return groups;
}

/**
 * The two databases every store test runs against: a SQLite file in a fresh temp directory, and
 * PostgreSQL (`TEST_DATABASE_URL`, default the development server) in a fresh schema. Both are
 * dropped when the test finishes.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { onTestFinished } from 'vitest';
import { openDatabase, type DatabaseConfig } from '../../../../consumers/db/open-database.js';
import type { SqlClient } from '../../../../consumers/db/sql-client.js';

/** PostgreSQL the suite uses. */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A database kind plus how to get a fresh, self-cleaning instance of it. */
export interface TestDatabase {
  readonly kind: 'sqlite' | 'postgres';
  /** A fresh database config; cleaned up when the current test finishes. */
  freshConfig(): DatabaseConfig;
}

/**
 * A fresh SQLite file in its own temp directory, removed when the test finishes: the embedded
 * default, which consumer processes share by path.
 */
export function freshSqliteConfig(): Extract<DatabaseConfig, { kind: 'sqlite' }> {
  const dir = mkdtempSync(join(tmpdir(), 'workos-consumers-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return { kind: 'sqlite', path: join(dir, 'state.sqlite') };
}

const sqlite: TestDatabase = { kind: 'sqlite', freshConfig: freshSqliteConfig };

const postgres: TestDatabase = {
  kind: 'postgres',
  freshConfig() {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    onTestFinished(async () => {
      const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    });
    return { kind: 'postgres', url: TEST_DATABASE_URL, schema };
  },
};

/** Both databases, for `describe.each`. */
export const TEST_DATABASES: readonly TestDatabase[] = [sqlite, postgres];

/** Opens a database for `config` and closes it when the test finishes (registered before the drop runs). */
export async function openForTest(config: DatabaseConfig): Promise<SqlClient> {
  const client = await openDatabase(config);
  onTestFinished(() => client.close());
  return client;
}

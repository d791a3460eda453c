/**
 * Fresh, throwaway databases for the mirror benchmarks: a SQLite file in a new temp directory
 * (WAL, synchronous=FULL, as the consumers open it) or a new PostgreSQL schema. Each is removed
 * by its `drop()`, and at the end of the run in case a benchmark failed half-way.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseConfig } from '../consumers/db/open-database.js';
import type { SqlClient } from '../consumers/db/sql-client.js';
import type { BenchEnv } from './bench-env.js';
import type { BenchDatabase } from './options.js';

/** One fresh database. */
export interface FreshDatabase {
  readonly config: DatabaseConfig;
  open(): Promise<SqlClient>;
  /** Deletes the file or drops the schema (idempotent). */
  drop(): Promise<void>;
}

/** A new empty database of `kind`. */
export function freshDatabase(env: BenchEnv, kind: BenchDatabase, databaseUrl: string): FreshDatabase {
  let dropped = false;
  let drop: () => Promise<void>;
  let config: DatabaseConfig;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'workos-bench-'));
    config = { kind: 'sqlite', path: join(dir, 'mirror.sqlite') };
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `bench_${randomBytes(5).toString('hex')}`;
    config = { kind: 'postgres', url: databaseUrl, schema };
    drop = async () => {
      const client = new pg.Client({ connectionString: databaseUrl });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    };
  }
  const once = async (): Promise<void> => {
    if (dropped) return;
    dropped = true;
    await drop();
  };
  env.atEnd(once);
  return { config, open: () => openDatabase(config), drop: once };
}

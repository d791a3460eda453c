/**
 * Opens the consumers' database from configuration: PostgreSQL when a URL is given, otherwise the
 * embedded SQLite file.
 */
import { openPostgres } from './postgres-client.js';
import type { SqlClient } from './sql-client.js';
import { openSqlite } from './sqlite-client.js';

/** Where consumer state lives. */
export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly path: string; readonly tablePrefix?: string }
  | { readonly kind: 'postgres'; readonly url: string; readonly schema?: string; readonly tablePrefix?: string };

/** Opens the configured database and creates its schema (PostgreSQL) if needed. */
export async function openDatabase(config: DatabaseConfig): Promise<SqlClient> {
  const client =
    config.kind === 'postgres'
      ? openPostgres({ connectionString: config.url, schema: config.schema, tablePrefix: config.tablePrefix })
      : openSqlite({ path: config.path, tablePrefix: config.tablePrefix });
  try {
    await client.prepare();
  } catch (err) {
    await client.close().catch(() => undefined);
    throw err;
  }
  return client;
}

/** A log-safe description (no credentials) of where the state lives. */
export function describeDatabase(config: DatabaseConfig): string {
  if (config.kind === 'sqlite') return `sqlite:${config.path}`;
  try {
    const url = new URL(config.url);
    return `postgres://${url.host}${url.pathname} schema=${config.schema ?? 'public'}`;
  } catch {
    return 'postgres (unparseable url)';
  }
}

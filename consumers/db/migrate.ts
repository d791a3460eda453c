/**
 * Idempotent schema migration: `CREATE … IF NOT EXISTS` statements run in one transaction under a
 * lock, so several consumer processes starting at once all succeed and nothing runs twice.
 */
import type { SqlClient } from './sql-client.js';

/** Runs `statements` (one statement each) in order inside one transaction. */
export async function migrate(client: SqlClient, name: string, statements: readonly string[]): Promise<void> {
  await client.transaction(async (tx) => {
    await tx.lock([`migrate:${name}`]);
    for (const statement of statements) await tx.execute(statement);
  });
}

/**
 * The notifier's effects that need a look, for `status`: read from its database (the ledger),
 * never created or migrated here, so pointing `status` at the wrong place reports that instead
 * of an empty file.
 */
import { existsSync } from 'node:fs';
import { describeDatabase, openDatabase, type DatabaseConfig } from '../consumers/db/open-database.js';
import { createSqlEffectLedger } from '../consumers/notifier/sql-effect-ledger.js';

/** What `status` says of the effects. */
export type EffectsStatus =
  /** `started`: claimed with no outcome yet (in doubt after a crash, or being sent right now). */
  | { readonly kind: 'counted'; readonly database: string; readonly started: number; readonly failed: number; readonly done: number }
  | { readonly kind: 'unavailable'; readonly reason: string };

/** Counts the ledger's rows by state, or says why it cannot. */
export async function effectsStatus(database: DatabaseConfig): Promise<EffectsStatus> {
  const where = describeDatabase(database);
  if (database.kind === 'sqlite' && database.path !== ':memory:' && !existsSync(database.path)) {
    return { kind: 'unavailable', reason: `no notifier database at SQLITE_PATH=${database.path} (give status the notifier's SQLITE_PATH or DATABASE_URL)` };
  }
  let ledger;
  try {
    ledger = createSqlEffectLedger(await openDatabase(database));
    const counts = await ledger.counts();
    return { kind: 'counted', database: where, started: counts.started, failed: counts.failed, done: counts.done };
  } catch (error) {
    return { kind: 'unavailable', reason: `no effect ledger readable in ${where}: ${error instanceof Error ? error.message : String(error)}` };
  } finally {
    await ledger?.close().catch(() => undefined);
  }
}

/** One line for `status`. */
export function effectsLine(status: EffectsStatus): string {
  if (status.kind === 'unavailable') return `effects: ${status.reason}`;
  const attention = status.started + status.failed === 0 ? 'none in doubt or failed' : `${status.started} in doubt or in flight, ${status.failed} failed (see workos-kafka effects)`;
  return `effects in ${status.database}: ${attention}; ${status.done} done`;
}

/**
 * The state of both shipped consumers in one fresh SQLite file, as in the embedded default: the
 * tests start the mirror and the notifier as processes on that file (by its path) and read what
 * they wrote through the same stores.
 */
import type { DatabaseConfig } from '../../../../consumers/db/open-database.js';
import type { MirrorStore } from '../../../../consumers/directory-mirror/mirror-store.js';
import { createSqlMirrorStore } from '../../../../consumers/directory-mirror/sql-mirror-store.js';
import { createSqlEffectLedger, type SqlEffectLedger } from '../../../../consumers/notifier/sql-effect-ledger.js';
import { freshSqliteConfig, openForTest } from './databases.js';

/** The shared file and the stores over it. */
export interface EmbeddedState {
  readonly database: DatabaseConfig;
  readonly store: MirrorStore;
  readonly ledger: SqlEffectLedger;
}

/** A fresh SQLite file with the mirror's store and the notifier's ledger over it; removed when the test finishes. */
export async function freshEmbeddedState(): Promise<EmbeddedState> {
  const database = freshSqliteConfig();
  const db = await openForTest(database);
  return { database, store: createSqlMirrorStore(db), ledger: createSqlEffectLedger(db) };
}

/**
 * The mirror store a long-running mirror opens: SQLite on its own thread
 * (`mirror-store-thread.ts`), PostgreSQL through its pool (its I/O already leaves the thread free).
 */
import { openDatabase, type DatabaseConfig } from '../db/open-database.js';
import type { MirrorStore } from './mirror-store.js';
import { startMirrorStoreThread } from './mirror-store-thread.js';
import { createSqlMirrorStore } from './sql-mirror-store.js';

/** The events topic and its registry, for a store that decodes batches itself. */
export interface MirrorEventsSource {
  readonly topic: string;
  readonly registryUrl?: string;
}

/**
 * Opens the mirror store of `config`. Call `migrate()` before the first write. With `events`, a
 * SQLite store also takes the consumer's batches undecoded and decodes them on its thread, with
 * the same codec the consumer's own decoder uses for those settings.
 */
export async function openMirrorStore(config: DatabaseConfig, events?: MirrorEventsSource): Promise<MirrorStore> {
  if (config.kind === 'sqlite') return startMirrorStoreThread({ sqlite: { path: config.path, tablePrefix: config.tablePrefix }, ...(events === undefined ? {} : { events }) });
  return createSqlMirrorStore(await openDatabase(config));
}

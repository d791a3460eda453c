/**
 * The ways a mirror store is opened, for suites that must hold for each: over a connection on the
 * test's thread (SQLite and PostgreSQL), and SQLite on its own thread as the mirror role opens it
 * (`openMirrorStore`), which also decodes the consumer's batches there.
 */
import { onTestFinished } from 'vitest';
import type { DatabaseConfig } from '../../../../consumers/db/open-database.js';
import type { MirrorStore } from '../../../../consumers/directory-mirror/mirror-store.js';
import { openMirrorStore, type MirrorEventsSource } from '../../../../consumers/directory-mirror/open-mirror-store.js';
import { createSqlMirrorStore } from '../../../../consumers/directory-mirror/sql-mirror-store.js';
import { openForTest, TEST_DATABASES, type TestDatabase } from './databases.js';

/** One way to open a store over a fresh database. */
export interface StoreUnderTest {
  readonly name: string;
  readonly db: TestDatabase;
  /** A migrated store, closed when the test finishes. `events` matters only to the threaded store. */
  open(events?: MirrorEventsSource): Promise<MirrorStore>;
}

async function onThisThread(config: DatabaseConfig): Promise<MirrorStore> {
  return createSqlMirrorStore(await openForTest(config));
}

const sqlite = TEST_DATABASES.find((db) => db.kind === 'sqlite') as TestDatabase;

/** SQLite and PostgreSQL on the test's thread, then SQLite on its own thread. */
export const TEST_MIRROR_STORES: readonly StoreUnderTest[] = [
  ...TEST_DATABASES.map((db) => ({ name: db.kind, db, open: async () => migrated(await onThisThread(db.freshConfig())) })),
  {
    name: 'sqlite on its own thread',
    db: sqlite,
    async open(events) {
      const store = await openMirrorStore(sqlite.freshConfig(), events);
      onTestFinished(() => store.close());
      return migrated(store);
    },
  },
];

async function migrated(store: MirrorStore): Promise<MirrorStore> {
  await store.migrate();
  return store;
}

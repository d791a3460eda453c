/**
 * Entry point of the directory mirror: `tsx consumers/directory-mirror/main.ts`. Reads the
 * environment (see `mirror-config.ts`), migrates the database, consumes until SIGTERM/SIGINT and
 * exits 0 after a clean shutdown (1 on a crash, with the reason logged).
 */
import { createKafkaClient } from '../../core/kafka-client.js';
import { createLogger } from '../../core/logger.js';
import { databaseConfigOf } from '../config/consumer-env.js';
import { createEventDecoder } from '../config/event-decoder.js';
import { describeDatabase, openDatabase } from '../db/open-database.js';
import { runUntilSignal } from '../runtime/run-until-signal.js';
import { loadMirrorConfig } from './mirror-config.js';
import { startDirectoryMirror } from './mirror-consumer.js';
import { createSqlMirrorStore } from './sql-mirror-store.js';

async function main(): Promise<void> {
  const config = loadMirrorConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, base: { service: 'workos-directory-mirror' } });
  const database = databaseConfigOf(config);
  const store = createSqlMirrorStore(await openDatabase(database));
  try {
    await store.migrate();
    logger.info({ database: describeDatabase(database), groupId: config.DIRECTORY_MIRROR_GROUP_ID }, 'directory mirror starting');
    const run = await startDirectoryMirror({
      kafka: createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger }),
      store,
      decode: createEventDecoder(config.WORKOS_EVENTS_TOPIC, config.SCHEMA_REGISTRY_URL),
      logger,
      topic: config.WORKOS_EVENTS_TOPIC,
      groupId: config.DIRECTORY_MIRROR_GROUP_ID,
      partitionsConsumedConcurrently: config.CONSUMER_CONCURRENCY,
      retry: { maxAttempts: config.CONSUMER_MAX_ATTEMPTS },
    });
    await runUntilSignal(run, logger);
  } finally {
    await store.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`workos-directory-mirror: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

/**
 * Entry point of the notifier: `tsx consumers/notifier/main.ts`. Reads the environment (see
 * `notifier-config.ts`), migrates the effect ledger, consumes until SIGTERM/SIGINT and exits 0
 * after a clean shutdown (1 on a crash, with the reason logged).
 */
import { createKafkaClient } from '../../core/kafka-client.js';
import { createLogger } from '../../core/logger.js';
import { databaseConfigOf } from '../config/consumer-env.js';
import { createEventDecoder } from '../config/event-decoder.js';
import { describeDatabase, openDatabase } from '../db/open-database.js';
import { runUntilSignal } from '../runtime/run-until-signal.js';
import { createEffectExecutor } from './effect-executor.js';
import { loadNotifierConfig } from './notifier-config.js';
import { startNotifier } from './notifier-consumer.js';
import { createHttpWebhookSender } from './senders/http-webhook-sender.js';
import { createLoggingSender } from './senders/logging-sender.js';
import { createSqlEffectLedger } from './sql-effect-ledger.js';

async function main(): Promise<void> {
  const config = loadNotifierConfig();
  const logger = createLogger({ level: config.LOG_LEVEL, base: { service: 'workos-notifier' } });
  const database = databaseConfigOf(config);
  const ledger = createSqlEffectLedger(await openDatabase(database));
  try {
    await ledger.migrate();
    const senderFor = (url: string | undefined) =>
      url === undefined
        ? createLoggingSender(logger.child({ component: 'consumers.notifier.sender' }))
        : createHttpWebhookSender({ url, timeoutMs: config.NOTIFIER_HTTP_TIMEOUT_MS });
    const executor = createEffectExecutor({
      ledger,
      senders: { 'welcome-message': senderFor(config.NOTIFIER_WELCOME_URL), 'deprovision-call': senderFor(config.NOTIFIER_DEPROVISION_URL) },
      logger: logger.child({ component: 'consumers.notifier' }),
      retry: {
        maxAttempts: config.NOTIFIER_MAX_ATTEMPTS,
        initialDelayMs: config.NOTIFIER_RETRY_INITIAL_MS,
        maxDelayMs: Math.max(10_000, config.NOTIFIER_RETRY_INITIAL_MS),
      },
    });
    logger.info({ database: describeDatabase(database), groupId: config.NOTIFIER_GROUP_ID }, 'notifier starting');
    const run = await startNotifier({
      kafka: createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: config.KAFKA_CLIENT_ID, logger }),
      executor,
      decode: createEventDecoder(config.WORKOS_EVENTS_TOPIC, config.SCHEMA_REGISTRY_URL),
      logger,
      topic: config.WORKOS_EVENTS_TOPIC,
      groupId: config.NOTIFIER_GROUP_ID,
      partitionsConsumedConcurrently: config.CONSUMER_CONCURRENCY,
      retry: { maxAttempts: config.CONSUMER_MAX_ATTEMPTS },
    });
    await runUntilSignal(run, logger);
  } finally {
    await ledger.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`workos-notifier: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

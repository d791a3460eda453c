/**
 * Entry point of the directory mirror: `tsx consumers/directory-mirror/main.ts`. Reads the
 * environment (see `mirror-config.ts`), migrates the database, consumes until SIGTERM/SIGINT and
 * exits 0 after a clean shutdown (1 on a crash, with the reason logged). Serves /metrics,
 * /healthz and /readyz on METRICS_HOST:METRICS_PORT (default 127.0.0.1:9465; 0 = off).
 */
import { createKafkaClient } from '../../core/kafka-client.js';
import { kafkaSecurityOptions } from '../../core/kafka-security-env.js';
import { createLogger } from '../../core/logger.js';
import { observeConsumerLag } from '../../core/metrics/consumer-lag-metrics.js';
import { createConsumerMetrics } from '../../core/metrics/consumer-metrics.js';
import { HealthState, trackRunHealth } from '../../core/metrics/health-state.js';
import { DEFAULT_METRICS_PORTS, loadMetricsServerConfig } from '../../core/metrics/metrics-env.js';
import { createMetricsRegistry } from '../../core/metrics/registry.js';
import { serveMetrics } from '../../core/metrics/serve-metrics.js';
import { databaseConfigOf } from '../config/consumer-env.js';
import { createEventDecoder } from '../config/event-decoder.js';
import { describeDatabase, openDatabase } from '../db/open-database.js';
import { runUntilSignal } from '../runtime/run-until-signal.js';
import { loadMirrorConfig } from './mirror-config.js';
import { startDirectoryMirror } from './mirror-consumer.js';
import { createSqlMirrorStore } from './sql-mirror-store.js';

async function main(): Promise<void> {
  const config = loadMirrorConfig();
  const metricsConfig = loadMetricsServerConfig(DEFAULT_METRICS_PORTS.directoryMirror);
  const logger = createLogger({ level: config.LOG_LEVEL, base: { service: 'workos-directory-mirror' } });
  const groupId = config.DIRECTORY_MIRROR_GROUP_ID;
  const topic = config.WORKOS_EVENTS_TOPIC;
  const kafka = createKafkaClient({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    ...kafkaSecurityOptions(config, 'directory mirror'),
    logger,
  });
  const registry = createMetricsRegistry();
  const health = new HealthState();
  const lag = observeConsumerLag(registry, { kafka, targets: [{ groupId, topic }], logger });
  const metricsEndpoint = await serveMetrics(metricsConfig, { registry, health, logger });
  const database = databaseConfigOf(config);
  try {
    const store = createSqlMirrorStore(await openDatabase(database));
    try {
      await store.migrate();
      logger.info({ database: describeDatabase(database), groupId }, 'directory mirror starting');
      const run = await startDirectoryMirror({
        kafka,
        store,
        decode: createEventDecoder(topic, config.SCHEMA_REGISTRY_URL),
        logger,
        topic,
        groupId,
        partitionsConsumedConcurrently: config.CONSUMER_CONCURRENCY,
        maxBatchRecords: config.DIRECTORY_MIRROR_BATCH_RECORDS,
        retry: { maxAttempts: config.CONSUMER_MAX_ATTEMPTS },
        sessionTimeoutMs: config.CONSUMER_SESSION_TIMEOUT_MS,
        observer: createConsumerMetrics(registry),
      });
      await runUntilSignal(trackRunHealth(run, health), logger);
    } finally {
      await store.close();
    }
  } finally {
    health.markStopped();
    await lag.close();
    await metricsEndpoint.close();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`workos-directory-mirror: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);

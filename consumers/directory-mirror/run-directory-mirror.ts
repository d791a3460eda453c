/**
 * The directory mirror as a command: migrates the database, consumes until the signal aborts and
 * returns after a clean shutdown; rejects when the consumer crashes for good. Serves /metrics,
 * /healthz and /readyz on METRICS_HOST:METRICS_PORT (default 127.0.0.1:9465; 0 = off).
 */
import type { z } from 'zod';
import { parseEnv } from '../../core/env-config.js';
import { createKafkaClient } from '../../core/kafka-client.js';
import { kafkaSecurityOptions, withKafkaSecurityChecks } from '../../core/kafka-security-env.js';
import { createLogger } from '../../core/logger.js';
import { observeConsumerLag } from '../../core/metrics/consumer-lag-metrics.js';
import { createConsumerMetrics } from '../../core/metrics/consumer-metrics.js';
import { HealthState, trackRunHealth } from '../../core/metrics/health-state.js';
import { METRICS_SETTINGS, metricsServerConfigOf } from '../../core/metrics/metrics-env.js';
import { createMetricsRegistry } from '../../core/metrics/registry.js';
import { serveMetrics } from '../../core/metrics/serve-metrics.js';
import type { RoleContext } from '../../core/role-context.js';
import { settingsSchema } from '../../core/settings/settings-schema.js';
import { databaseConfigOf } from '../config/consumer-env.js';
import { createEventDecoder } from '../config/event-decoder.js';
import { describeDatabase, openDatabase } from '../db/open-database.js';
import { runUntilAborted } from '../runtime/run-until-aborted.js';
import { MIRROR_SETTINGS } from './mirror-config.js';
import { startDirectoryMirror } from './mirror-consumer.js';
import { createSqlMirrorStore } from './sql-mirror-store.js';

/** What `workos-kafka directory-mirror` reads: the mirror's settings and its metrics endpoint. */
export const DIRECTORY_MIRROR_ROLE_SETTINGS = [...MIRROR_SETTINGS, ...METRICS_SETTINGS] as const;

const directoryMirrorRoleSchema = settingsSchema(DIRECTORY_MIRROR_ROLE_SETTINGS, 'directory-mirror');

/** The parsed configuration of the directory-mirror command. */
export type DirectoryMirrorRoleConfig = Readonly<z.output<typeof directoryMirrorRoleSchema>>;

/** Validates every mirror and metrics setting at once; throws `CONFIG_INVALID` listing the problems. */
export function loadDirectoryMirrorRoleConfig(values: Record<string, string | undefined>): DirectoryMirrorRoleConfig {
  return parseEnv(withKafkaSecurityChecks(directoryMirrorRoleSchema), values, 'directory mirror');
}

/** Runs the mirror until `context.signal` aborts. */
export async function runDirectoryMirror(config: DirectoryMirrorRoleConfig, context: RoleContext): Promise<void> {
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
  const metricsEndpoint = await serveMetrics(metricsServerConfigOf(config), { registry, health, logger });
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
      await runUntilAborted(trackRunHealth(run, health), context.signal, logger);
      logger.info('directory mirror stopped cleanly');
    } finally {
      await store.close();
    }
  } finally {
    health.markStopped();
    await lag.close();
    await metricsEndpoint.close();
  }
}

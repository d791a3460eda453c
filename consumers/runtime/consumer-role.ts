/**
 * What every shipped consumer command does around its own work: a logger, the Kafka client, the
 * metrics registry with consumer lag and its /metrics, /healthz, /readyz endpoint, the database
 * its settings select, and the group options every consumer shares. The command opens its store
 * and hands `consume` how to start its group with those options; `consume` waits until a broker
 * answers and the topic exists (started with the broker and the connector, either may come
 * later), starts the group and serves it until the signal aborts. The endpoint and the lag probe
 * are closed however it ends.
 */
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { createKafkaClient, type KafkaClientOptions } from '../../core/kafka-client.js';
import { kafkaSecurityOptions, type KafkaSecurityEnv } from '../../core/kafka-security-env.js';
import { createLogger, type LogLevel } from '../../core/logger.js';
import { observeConsumerLag } from '../../core/metrics/consumer-lag-metrics.js';
import { createConsumerMetrics } from '../../core/metrics/consumer-metrics.js';
import { HealthState, trackRunHealth } from '../../core/metrics/health-state.js';
import { metricsServerConfigOf, type MetricsSettings } from '../../core/metrics/metrics-env.js';
import { createMetricsRegistry } from '../../core/metrics/registry.js';
import { serveMetrics } from '../../core/metrics/serve-metrics.js';
import type { RoleContext } from '../../core/role-context.js';
import { databaseConfigOf } from '../config/consumer-env.js';
import { createEventDecoder } from '../config/event-decoder.js';
import type { DatabaseConfig } from '../db/open-database.js';
import type { ConsumerObserver } from './consumer-options.js';
import type { RecordDecoder } from './record-types.js';
import { runUntilAborted } from './run-until-aborted.js';
import type { ConsumerGroupRun } from './run-consumer-group.js';
import { startWhenAvailable } from './start-when-available.js';
import { createTopicProbe } from './topic-probe.js';

/** The settings every consumer command reads (see `CONSUMER_SETTINGS` and the metrics settings). */
export type ConsumerRoleSettings = KafkaSecurityEnv &
  MetricsSettings & {
    readonly LOG_LEVEL: LogLevel;
    readonly KAFKA_BROKERS: readonly string[];
    readonly KAFKA_CLIENT_ID: string;
    readonly SCHEMA_REGISTRY_URL?: string | undefined;
    readonly WORKOS_EVENTS_TOPIC: string;
    readonly DATABASE_URL?: string | undefined;
    readonly DATABASE_SCHEMA: string;
    readonly SQLITE_PATH: string;
    readonly CONSUMER_CONCURRENCY: number;
    readonly CONSUMER_MAX_ATTEMPTS: number;
    readonly CONSUMER_SESSION_TIMEOUT_MS: number;
  };

/** The options every consumer group of the project starts with. */
export interface SharedGroupOptions {
  readonly kafka: Kafka;
  readonly decode: RecordDecoder;
  readonly logger: Logger;
  readonly topic: string;
  readonly groupId: string;
  readonly partitionsConsumedConcurrently: number;
  readonly retry: { readonly maxAttempts: number };
  readonly sessionTimeoutMs: number;
  readonly observer: ConsumerObserver;
}

/** What a consumer command gets to do its own part. */
export interface ConsumerRoleParts {
  readonly logger: Logger;
  readonly registry: ReturnType<typeof createMetricsRegistry>;
  readonly database: DatabaseConfig;
  readonly group: SharedGroupOptions;
  /**
   * Waits for the brokers and the topic (logged, and `/readyz` says which), then calls `start` and
   * serves the group until the signal aborts (ready once it joined). Resolves after a clean stop,
   * also one asked for while still waiting; rejects on a fatal failure.
   */
  consume(start: () => Promise<ConsumerGroupRun>): Promise<void>;
}

/** Runs a consumer command: `body` opens its store and calls `consume` with how to start its group. */
export async function runConsumerRole(
  config: ConsumerRoleSettings,
  role: { readonly name: string; readonly service: string; readonly groupId: string },
  context: RoleContext,
  body: (parts: ConsumerRoleParts) => Promise<void>,
): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL, base: { service: role.service } });
  const topic = config.WORKOS_EVENTS_TOPIC;
  const clientOptions: Omit<KafkaClientOptions, 'logger'> = {
    brokers: [...config.KAFKA_BROKERS],
    clientId: config.KAFKA_CLIENT_ID,
    ...kafkaSecurityOptions(config, role.name),
  };
  const kafka = createKafkaClient({ ...clientOptions, logger });
  // The start-up probe's own client: one try per question (the wait backs off by itself, and a
  // stop is not held up by kafkajs' retries), its connection errors unlogged (the wait reports
  // them once per interval, as what they are: not yet, rather than error).
  const probeKafka = createKafkaClient({ ...clientOptions, retry: { retries: 0 }, logger: logger.child({ component: 'consumers.startup-probe' }, { level: 'silent' }) });
  const registry = createMetricsRegistry();
  const health = new HealthState();
  const metricsEndpoint = await serveMetrics(metricsServerConfigOf(config), { registry, health, logger });
  // Opened once the group runs: before, a scrape would only ask a broker or a topic that is not there.
  let lag: { close(): Promise<void> } | undefined;
  const consume = async (start: () => Promise<ConsumerGroupRun>): Promise<void> => {
    const run = await startWhenAvailable({
      probe: createTopicProbe(probeKafka, topic, logger),
      start,
      topic,
      brokers: config.KAFKA_BROKERS,
      signal: context.signal,
      logger,
      onWaiting: (reason) => health.markNotReady(reason),
    });
    if (run === undefined) return;
    lag = observeConsumerLag(registry, { kafka, targets: [{ groupId: role.groupId, topic }], logger });
    await runUntilAborted(trackRunHealth(run, health), context.signal, logger);
  };
  try {
    await body({
      logger,
      registry,
      database: databaseConfigOf(config),
      group: {
        kafka,
        decode: createEventDecoder(topic, config.SCHEMA_REGISTRY_URL),
        logger,
        topic,
        groupId: role.groupId,
        partitionsConsumedConcurrently: config.CONSUMER_CONCURRENCY,
        retry: { maxAttempts: config.CONSUMER_MAX_ATTEMPTS },
        sessionTimeoutMs: config.CONSUMER_SESSION_TIMEOUT_MS,
        observer: createConsumerMetrics(registry),
      },
      consume,
    });
  } finally {
    health.markStopped();
    await lag?.close();
    await metricsEndpoint.close();
  }
}

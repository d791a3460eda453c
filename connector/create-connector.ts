import type { WorkOS } from '@workos-inc/node';
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { disconnectWithin } from '../core/bounded-disconnect.js';
import { createKafkaClient } from '../core/kafka-client.js';
import { topicLimitWarning } from '../core/message-size.js';
import { kafkaSecurityOptions } from '../core/kafka-security-env.js';
import { childLogger } from '../core/logger.js';
import type { ConnectorMetrics } from '../core/metrics/connector-metrics.js';
import type { HealthState } from '../core/metrics/health-state.js';
import { ensureTopic } from '../core/topics.js';
import { createCodec } from '../schemas/codec.js';
import { CURSOR_RECORD_SCHEMA } from '../schemas/cursor-record.js';
import { EVENT_ENVELOPE_SCHEMA } from '../schemas/event-envelope.js';
import type { ConnectorConfig } from './config.js';
import { CursorStore } from './cursor-store.js';
import { SDK_EVENT_NAMES } from './event-types.js';
import { WorkosEventsReader, type ReaderObserver } from './events-reader.js';
import { LagTracker } from './lag-tracker.js';
import { TransactionalPublisher } from './publisher.js';
import { RequestBudget } from './request-budget.js';
import { runLoop, type SnapshotDeps } from './run-loop.js';
import { createSnapshotCodecs } from './snapshot/snapshot-codecs.js';
import type { SnapshotProgress } from './snapshot/snapshot-progress.js';
import { ConnectorError } from '../core/errors.js';
import { ulid } from 'ulid';
import { newWorkosClient } from './workos-client.js';
import { controlGroupFor, ensureControlTopic } from './control/control-topic.js';
import { ControlChannel } from './lease/control-channel.js';
import { runReplica } from './lease/run-replica.js';
import { hostname } from 'node:os';
import type { Doorbell } from './doorbell/doorbell.js';
import { createDoorbell, pollingWith } from './doorbell/doorbell-wiring.js';

/** A wired connector: `run(signal)` reads WorkOS until the signal aborts. */
export interface Connector {
  readonly lag: LagTracker;
  /** The snapshot this instance stepped last, moved after each committed step (progress lines, benchmarks). */
  readonly snapshot: SnapshotActivity;
  readonly cursorStore: CursorStore;
  /** The webhook doorbell when WEBHOOK_DOORBELL_PORT is set; its endpoint is served by the caller (`serveDoorbell`). */
  readonly doorbell: Doorbell | undefined;
  run(signal: AbortSignal): Promise<void>;
}

/** A snapshot as of its last committed step; all zero and null until this instance commits one. */
export interface SnapshotActivity {
  id: string | null;
  /** When the snapshot began (epoch ms, as its cursor stores it; earlier for one resumed after a restart). */
  startedAtMs: number | null;
  /** Entities published and list requests answered so far, by earlier instances of a resumed snapshot too. */
  rows: number;
  requests: number;
  /** Whether the last step finished it (the cursor then holds its `last_snapshot`). */
  done: boolean;
}

/** Copies a committed step into `activity`; the step that finishes a snapshot leaves its stack empty. */
function recordSnapshotStep(activity: SnapshotActivity, progress: SnapshotProgress): void {
  activity.id = progress.id;
  activity.startedAtMs = Date.parse(progress.started_at);
  activity.rows = progress.rows;
  activity.requests = progress.requests;
  activity.done = progress.stack.length === 0;
}

/** Optional instruments of a connector; without them it runs exactly as before. */
export interface ConnectorTelemetry {
  /** Moved by every WorkOS request, retry wait and commit; seconds behind is read from `lag` at scrape time. */
  readonly metrics?: ConnectorMetrics;
  /**
   * Ready once the loop is running (its first commit or WorkOS answer comes after the producer
   * connected and the cursor was read); not ready from the abort; stopped when `run` returns.
   */
  readonly health?: HealthState;
}

/** The transactional id of a connector; one per name, so same-name instances fence each other. */
export function transactionalIdFor(connectorName: string): string {
  return `workos-kafka-connector.${connectorName}`;
}

/** The WorkOS SDK client the configuration describes, with the SDK's own retries off (`workos-client.ts`). */
export function createWorkosClient(config: ConnectorConfig): WorkOS {
  return newWorkosClient({
    apiKey: config.WORKOS_API_KEY,
    apiHostname: config.WORKOS_API_HOSTNAME,
    https: config.WORKOS_API_HTTPS,
    ...(config.WORKOS_API_PORT === undefined ? {} : { port: config.WORKOS_API_PORT }),
    timeoutMs: config.WORKOS_REQUEST_TIMEOUT_MS,
  });
}

/** Builds every part of the connector from a validated configuration. */
export function createConnector(config: ConnectorConfig, logger: Logger, observer?: ReaderObserver, telemetry: ConnectorTelemetry = {}): Connector {
  const { metrics, health } = telemetry;
  const kafka = createKafkaClient({
    brokers: config.KAFKA_BROKERS,
    clientId: config.KAFKA_CLIENT_ID,
    ...kafkaSecurityOptions(config, 'connector'),
    logger,
  });
  const registryUrl = config.SCHEMA_REGISTRY_URL;
  const cursorStore = new CursorStore({
    kafka,
    topic: config.WORKOS_CURSOR_TOPIC,
    connectorName: config.CONNECTOR_NAME,
    codec: createCodec({ topic: config.WORKOS_CURSOR_TOPIC, schema: CURSOR_RECORD_SCHEMA, registryUrl }),
    logger: childLogger(logger, 'connector.cursor'),
  });
  const publisher = new TransactionalPublisher({
    kafka,
    transactionalId: transactionalIdFor(config.CONNECTOR_NAME),
    eventsTopic: config.WORKOS_EVENTS_TOPIC,
    cursorTopic: config.WORKOS_CURSOR_TOPIC,
    cursorStore,
    eventCodec: createCodec({ topic: config.WORKOS_EVENTS_TOPIC, schema: EVENT_ENVELOPE_SCHEMA, registryUrl }),
    logger: childLogger(logger, 'connector.publisher'),
    maxMessageBytes: config.WORKOS_EVENTS_MAX_MESSAGE_BYTES,
    onCommitted: (info) => {
      metrics?.onCommitted(info);
      health?.markReady();
    },
  });
  // One client and one budget for events and snapshot lists: both spend the key's one rate limit.
  const workos = createWorkosClient(config);
  const budget = new RequestBudget(config.WORKOS_REQUESTS_PER_SECOND);
  const requestObserver = {
    onRequest: (outcome: { status: number | 'network'; durationMs: number }) => {
      observer?.onRequest?.(outcome);
      metrics?.onRequest(outcome);
      health?.markReady();
    },
    onRetryWait: (info: { attempt: number; delayMs: number; code: string }) => {
      observer?.onRetryWait?.(info);
      metrics?.onRetryWait(info);
    },
  };
  const doorbell = createDoorbell(config);
  const readerOptions = {
    workos,
    eventTypes: config.WORKOS_EVENT_TYPES.length > 0 ? config.WORKOS_EVENT_TYPES : SDK_EVENT_NAMES,
    organizationId: config.WORKOS_ORGANIZATION_ID,
    budget,
    logger: childLogger(logger, 'connector.reader'),
    observer: requestObserver,
  };
  const reader = new WorkosEventsReader(readerOptions);
  const control = new ControlChannel({
    // Its own client id, so `status` and the broker's group listing tell the replicas apart.
    kafka: createKafkaClient({
      brokers: config.KAFKA_BROKERS,
      clientId: `${config.KAFKA_CLIENT_ID}.${hostname()}.${process.pid}`,
      ...kafkaSecurityOptions(config, 'connector'),
      logger,
    }),
    topic: config.WORKOS_CONTROL_TOPIC,
    groupId: controlGroupFor(transactionalIdFor(config.CONNECTOR_NAME)),
    connectorName: config.CONNECTOR_NAME,
    logger: childLogger(logger, 'connector.lease'),
    sessionTimeoutMs: config.CONNECTOR_LEASE_SESSION_TIMEOUT_MS,
    onActiveChange: (active) => {
      metrics?.setActive(config.CONNECTOR_NAME, active);
      if (!active) health?.markReady('standby');
    },
  });
  const snapshotActivity: SnapshotActivity = { id: null, startedAtMs: null, rows: 0, requests: 0, done: false };
  const snapshot: SnapshotDeps = {
    mode: config.WORKOS_SNAPSHOT_MODE,
    newId: () => `snapshot_${ulid()}`,
    requests: control,
    runner: {
      request: { workos, budget, logger: childLogger(logger, 'connector.snapshot'), observer: requestObserver },
      codecs: createSnapshotCodecs(config.WORKOS_EVENTS_TOPIC, registryUrl),
      partitions: () => topicPartitionCount(kafka, config.WORKOS_EVENTS_TOPIC, logger),
      logger: childLogger(logger, 'connector.snapshot'),
      onStep: (progress) => recordSnapshotStep(snapshotActivity, progress),
    },
  };
  const lag = new LagTracker(childLogger(logger, 'connector.lag'), config.WORKOS_RETENTION_DAYS);
  metrics?.observeLag(config.CONNECTOR_NAME, lag);

  return {
    lag,
    snapshot: snapshotActivity,
    cursorStore,
    doorbell,
    async run(signal) {
      signal.addEventListener('abort', () => health?.markNotReady('stopping'), { once: true });
      let ended = 'stopped';
      try {
        await runReplica(
          {
            control,
            prepareTopics: () => prepareTopics(kafka, config, cursorStore, logger),
            afterRun: () => publisher.disconnect(),
            logger: childLogger(logger, 'connector.replica'),
            fencedPauseMs: config.CONNECTOR_LEASE_SESSION_TIMEOUT_MS,
            runLoop: (runSignal) =>
              runLoop(
          {
            connectorName: config.CONNECTOR_NAME,
            reader,
            publisher,
            cursorStore,
            lag,
            logger: childLogger(logger, 'connector.loop'),
            start: config.WORKOS_START,
            retentionDays: config.WORKOS_RETENTION_DAYS,
            ...pollingWith(config, doorbell),
            prepareTopics: () => prepareTopics(kafka, config, cursorStore, logger),
            snapshot,
            transaction: { maxPages: config.TRANSACTION_MAX_PAGES, maxMs: config.TRANSACTION_MAX_MS, maxBytes: config.TRANSACTION_MAX_BYTES },
            backfill: { windows: config.BACKFILL_WINDOWS, maxBufferedPages: config.BACKFILL_MAX_BUFFERED_PAGES },
          },
          runSignal,
        ),
          },
          signal,
        );
      } catch (error) {
        ended = `failed: ${(error as Error).message}`;
        throw error;
      } finally {
        health?.markStopped(ended);
        await publisher.disconnect();
      }
    },
  };
}

/** How many partitions `topic` has (environment-wide snapshot completions go to each). */
async function topicPartitionCount(kafka: Kafka, topic: string, logger: Logger): Promise<number> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
    const count = metadata.topics[0]?.partitions.length ?? 0;
    if (count === 0) throw new ConnectorError(`topic "${topic}" has no partitions`, { code: 'KAFKA_ERROR', retriable: true, context: { topic } });
    return count;
  } finally {
    await disconnectWithin(admin, 'topic admin', logger);
  }
}

/** Creates the events, cursor and control topics unless they exist. */
async function prepareTopics(kafka: Kafka, config: ConnectorConfig, cursorStore: CursorStore, logger: Logger): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const events = await ensureTopic(admin, {
      topic: config.WORKOS_EVENTS_TOPIC,
      numPartitions: config.WORKOS_EVENTS_TOPIC_PARTITIONS,
      replicationFactor: config.KAFKA_REPLICATION_FACTOR,
      configEntries: {
        'cleanup.policy': 'delete',
        'retention.ms': String(config.WORKOS_EVENTS_RETENTION_MS),
        // Without it the broker's message.max.bytes (1 MiB by default) applies, and one big
        // directory event stops the stream.
        'max.message.bytes': String(config.WORKOS_EVENTS_MAX_MESSAGE_BYTES),
      },
    });
    // An existing topic is never altered (kafkajs has only AlterConfigs, which would replace the
    // topic's other overrides), so a lower limit is only reported; `status` reports it too.
    const warning = topicLimitWarning(config.WORKOS_EVENTS_TOPIC, events.config, config.WORKOS_EVENTS_MAX_MESSAGE_BYTES);
    if (warning !== undefined) logger.warn({ topic: config.WORKOS_EVENTS_TOPIC }, warning);
    await cursorStore.ensureTopic(admin, config.KAFKA_REPLICATION_FACTOR);
    await ensureControlTopic(admin, config.WORKOS_CONTROL_TOPIC, config.KAFKA_REPLICATION_FACTOR);
  } finally {
    await disconnectWithin(admin, 'topic admin', logger);
  }
}

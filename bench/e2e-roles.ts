/**
 * The connector and the directory mirror of the end-to-end benchmark, each its own process
 * configured only through its environment, as in production (and as the fault campaign runs
 * them), so each one's memory is its own. A role that dies is not restarted: the level fails.
 */
import { join } from 'node:path';
import type { DatabaseConfig } from '../consumers/db/open-database.js';
import { databaseEnvOf } from '../campaign/pipeline.js';
import { createRoleProcess, type RoleProcess } from '../campaign/role-process.js';
import { say, type BenchEnv } from './bench-env.js';
import type { LiveEmulator } from './live-emulator.js';
import { workosApiEnvFor } from '../emulator/api-env.js';

/** Topic, connector and group names of one level. */
export interface E2eNames {
  readonly connector: string;
  readonly eventsTopic: string;
  readonly cursorTopic: string;
  readonly mirrorGroup: string;
}

/** Connector settings that matter for latency. */
export interface E2eConnectorSettings {
  readonly partitions: number;
  readonly pollIntervalMs: number;
  /** POLL_MIN_INTERVAL_MS: the doorbell level replaces it with its own spacing. */
  readonly pollMinIntervalMs: number;
  readonly requestsPerSecond: number;
  /** The webhook doorbell on this port (the emulator sends it signed webhooks), with this long interval. */
  readonly doorbell?: E2eDoorbell;
}

/** The connector's webhook doorbell in a level. */
export interface E2eDoorbell {
  readonly port: number;
  readonly secret: string;
  readonly longIntervalMs: number;
}

/** The URL the emulator posts webhooks to. */
export function doorbellUrl(doorbell: E2eDoorbell): string {
  return `http://127.0.0.1:${doorbell.port}/webhooks/workos`;
}

/** The two roles; neither runs until `start()`. */
export interface E2eRoles {
  readonly connector: RoleProcess;
  readonly mirror: RoleProcess;
}

/** Creates the roles, logging to `workDir`. */
export function createE2eRoles(env: BenchEnv, emulator: LiveEmulator, names: E2eNames, database: DatabaseConfig, settings: E2eConnectorSettings, workDir: string): E2eRoles {
  const common = {
    KAFKA_BROKERS: env.brokers.join(','),
    SCHEMA_REGISTRY_URL: env.registryUrl,
    WORKOS_EVENTS_TOPIC: names.eventsTopic,
    LOG_LEVEL: 'warn',
    // No metrics endpoint port to clash with other runs.
    METRICS_PORT: '0',
  };
  const supervision = { restartOnExit: false, say };
  const connector = createRoleProcess(
    'connector',
    'connector',
    {
      ...common,
      ...workosApiEnvFor(emulator),
      CONNECTOR_NAME: names.connector,
      WORKOS_CURSOR_TOPIC: names.cursorTopic,
      WORKOS_EVENTS_TOPIC_PARTITIONS: String(settings.partitions),
      WORKOS_START: 'earliest',
      // Latency of the event stream; the snapshot has its own benchmark.
      WORKOS_SNAPSHOT_MODE: 'never',
      WORKOS_REQUESTS_PER_SECOND: String(settings.requestsPerSecond),
      POLL_INTERVAL_MS: String(settings.pollIntervalMs),
      POLL_MIN_INTERVAL_MS: String(settings.pollMinIntervalMs),
      ...(settings.doorbell === undefined
        ? {}
        : {
            WEBHOOK_DOORBELL_PORT: String(settings.doorbell.port),
            WEBHOOK_DOORBELL_HOST: '127.0.0.1',
            WEBHOOK_SECRET: settings.doorbell.secret,
            POLL_INTERVAL_WITH_DOORBELL_MS: String(settings.doorbell.longIntervalMs),
          }),
    },
    join(workDir, 'connector.log'),
    supervision,
  );
  const mirror = createRoleProcess(
    'directory-mirror',
    'directory-mirror',
    { ...common, ...databaseEnvOf(database), DIRECTORY_MIRROR_GROUP_ID: names.mirrorGroup },
    join(workDir, 'directory-mirror.log'),
    supervision,
  );
  return { connector, mirror };
}


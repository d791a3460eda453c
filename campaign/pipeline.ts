/**
 * The three roles as child processes, configured only through their environment variables as in
 * production: the connector reading the in-process emulator, the directory mirror and the
 * notifier sharing one database (a SQLite file, or a fresh PostgreSQL schema) and the notifier
 * delivering to the in-process receiver.
 */
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type DatabaseConfig } from '../consumers/index.js';
import type { SqlClient } from '../consumers/index.js';
import type { WorkosEmulator } from '../emulator/index.js';
import type { CampaignEnv } from './campaign-env.js';
import type { CampaignOptions } from './options.js';
import { createRoleProcess, type RoleProcess } from './role-process.js';
import { workosApiEnvFor } from '../emulator/api-env.js';
import { doorbellEnvFor, type CampaignDoorbell } from './doorbell.js';

/** The roles and their shared database. */
export interface Pipeline {
  readonly connector: RoleProcess;
  /**
   * A second replica with the same name: it stands by while the first holds the lease and takes
   * over when the chaos kills it (the first then restarts as the standby).
   */
  readonly connectorReplica: RoleProcess;
  readonly mirror: RoleProcess;
  readonly notifier: RoleProcess;
  readonly database: DatabaseConfig;
  /** Opens the consumers' database (for the checks, after the consumers stopped). */
  openDatabase(): Promise<SqlClient>;
  /** Drops the PostgreSQL schema (SQLite lives in the work directory, removed by the caller). */
  dropDatabase(): Promise<void>;
}

/** The environment variables that point a consumer process at `database`. */
export function databaseEnvOf(database: DatabaseConfig): Record<string, string> {
  return database.kind === 'postgres'
    ? { DATABASE_URL: database.url, DATABASE_SCHEMA: database.schema ?? 'public' }
    : { SQLITE_PATH: database.path };
}

/** Creates the roles, each connector replica with the webhook doorbell on its own port; none runs yet. */
export function createPipeline(options: CampaignOptions, env: CampaignEnv, emulator: WorkosEmulator, receiverUrl: string, workDir: string, doorbell: CampaignDoorbell): Pipeline {
  const { names } = env;
  const schema = `campaign_${names.runId}`;
  const database: DatabaseConfig =
    options.database === 'postgres' ? { kind: 'postgres', url: options.databaseUrl, schema } : { kind: 'sqlite', path: join(workDir, 'consumers.sqlite') };
  const common = {
    KAFKA_BROKERS: env.brokers,
    SCHEMA_REGISTRY_URL: env.registryUrl,
    WORKOS_EVENTS_TOPIC: names.eventsTopic,
    LOG_LEVEL: 'warn',
    // Fixed default ports would clash between restarts (a killed process's port lingers) and with other runs.
    METRICS_PORT: '0',
  };
  const connectorEnv = {
    ...common,
    ...workosApiEnvFor(emulator),
    CONNECTOR_NAME: names.connectorName,
    WORKOS_CURSOR_TOPIC: names.cursorTopic,
    WORKOS_EVENTS_TOPIC_PARTITIONS: String(options.partitions),
    WORKOS_START: 'earliest',
    // The campaign's independent reader counts events; its worlds are born inside retention.
    WORKOS_SNAPSHOT_MODE: 'never',
    WORKOS_REQUESTS_PER_SECOND: '50',
    WORKOS_REQUEST_TIMEOUT_MS: '5000',
    POLL_INTERVAL_MS: '500',
    // The broker's smallest session: a standby takes over soon after the active replica dies.
    CONNECTOR_LEASE_SESSION_TIMEOUT_MS: '6000',
  };
  const [port, replicaPort] = doorbell.ports;
  const connector = createRoleProcess('connector', 'connector', { ...connectorEnv, ...doorbellEnvFor(port) }, join(workDir, 'connector.log'));
  const connectorReplica = createRoleProcess('connector replica', 'connector', { ...connectorEnv, ...doorbellEnvFor(replicaPort) }, join(workDir, 'connector-replica.log'));
  const databaseEnv = databaseEnvOf(database);
  const mirror = createRoleProcess(
    'directory-mirror',
    'directory-mirror',
    { ...common, ...databaseEnv, DIRECTORY_MIRROR_GROUP_ID: names.mirrorGroup },
    join(workDir, 'directory-mirror.log'),
  );
  const notifier = createRoleProcess(
    'notifier',
    'notifier',
    {
      ...common,
      ...databaseEnv,
      NOTIFIER_GROUP_ID: names.notifierGroup,
      NOTIFIER_WELCOME_URL: `${receiverUrl}/welcome-message`,
      NOTIFIER_DEPROVISION_URL: `${receiverUrl}/deprovision-call`,
    },
    join(workDir, 'notifier.log'),
  );
  return {
    connector,
    connectorReplica,
    mirror,
    notifier,
    database,
    openDatabase: () => openDatabase(database),
    async dropDatabase() {
      if (database.kind !== 'postgres') return;
      const client = new pg.Client({ connectionString: database.url });
      await client.connect();
      try {
        await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      } finally {
        await client.end();
      }
    },
  };
}

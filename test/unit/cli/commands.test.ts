import { describe, expect, it } from 'vitest';
import { COMMANDS, commandEntry } from '../../../cli/command-catalogue.js';
import { createProgram } from '../../../cli/program.js';
import { loadConnectorRoleConfig } from '../../../connector/run-connector.js';
import { loadDirectoryMirrorRoleConfig } from '../../../consumers/directory-mirror/run-directory-mirror.js';
import { loadNotifierRoleConfig } from '../../../consumers/notifier/run-notifier.js';
import { settingsSchema } from '../../../core/settings/settings-schema.js';
import { flagFor, type CommandName } from '../../../core/settings/setting.js';

const SECURITY = ['KAFKA_SASL_MECHANISM', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD', 'KAFKA_SSL', 'KAFKA_SSL_CA_FILE', 'KAFKA_SSL_REJECT_UNAUTHORIZED'];
const CONSUMER = ['KAFKA_BROKERS', 'KAFKA_CLIENT_ID', ...SECURITY, 'SCHEMA_REGISTRY_URL', 'WORKOS_EVENTS_TOPIC', 'LOG_LEVEL', 'DATABASE_URL', 'DATABASE_SCHEMA', 'SQLITE_PATH'];
const CONSUMER_PACE = ['CONSUMER_CONCURRENCY', 'CONSUMER_MAX_ATTEMPTS', 'CONSUMER_SESSION_TIMEOUT_MS', 'METRICS_HOST', 'METRICS_PORT'];

/** The variables each command read before the settings were declared once: a public contract. */
const READ_BEFORE: Readonly<Record<CommandName, readonly string[]>> = {
  connector: [
    ...['WORKOS_API_KEY', 'WORKOS_API_HOSTNAME', 'WORKOS_API_PORT', 'WORKOS_API_HTTPS', 'WORKOS_REQUEST_TIMEOUT_MS', 'WORKOS_EVENT_TYPES', 'WORKOS_ORGANIZATION_ID'],
    ...['WORKOS_START', 'WORKOS_RETENTION_DAYS', 'WORKOS_REQUESTS_PER_SECOND', 'POLL_INTERVAL_MS', 'POLL_MIN_INTERVAL_MS', 'KAFKA_BROKERS', 'KAFKA_CLIENT_ID'],
    ...['KAFKA_REPLICATION_FACTOR', 'SCHEMA_REGISTRY_URL', 'CONNECTOR_NAME', 'WORKOS_EVENTS_TOPIC', 'WORKOS_CURSOR_TOPIC', 'WORKOS_EVENTS_TOPIC_PARTITIONS'],
    ...['WORKOS_EVENTS_RETENTION_MS', 'LOG_LEVEL', ...SECURITY, 'METRICS_HOST', 'METRICS_PORT'],
  ],
  'directory-mirror': [...CONSUMER, ...CONSUMER_PACE, 'DIRECTORY_MIRROR_GROUP_ID', 'DIRECTORY_MIRROR_BATCH_RECORDS'],
  notifier: [...CONSUMER, ...CONSUMER_PACE, 'NOTIFIER_GROUP_ID', 'NOTIFIER_WELCOME_URL', 'NOTIFIER_DEPROVISION_URL', 'NOTIFIER_HTTP_TIMEOUT_MS', 'NOTIFIER_MAX_ATTEMPTS', 'NOTIFIER_RETRY_INITIAL_MS'],
  'reset-cursor': ['KAFKA_BROKERS', 'KAFKA_CLIENT_ID', 'SCHEMA_REGISTRY_URL', 'CONNECTOR_NAME', 'WORKOS_EVENTS_TOPIC', 'WORKOS_CURSOR_TOPIC', 'KAFKA_REPLICATION_FACTOR', 'WORKOS_RETENTION_DAYS', 'LOG_LEVEL', ...SECURITY],
  status: ['KAFKA_BROKERS', 'SCHEMA_REGISTRY_URL', 'CONNECTOR_NAME', 'WORKOS_EVENTS_TOPIC', 'WORKOS_CURSOR_TOPIC', ...SECURITY],
  replay: ['KAFKA_BROKERS', 'WORKOS_EVENTS_TOPIC', ...SECURITY],
  // New in this release; what it reads from its first version on is a contract too.
  reconcile: ['WORKOS_API_KEY', 'WORKOS_API_HOSTNAME', 'WORKOS_API_PORT', 'WORKOS_API_HTTPS', 'WORKOS_REQUEST_TIMEOUT_MS', 'WORKOS_REQUESTS_PER_SECOND', 'DATABASE_URL', 'DATABASE_SCHEMA', 'SQLITE_PATH', 'LOG_LEVEL'],
  snapshot: ['KAFKA_BROKERS', ...SECURITY, 'CONNECTOR_NAME', 'WORKOS_CONTROL_TOPIC', 'WORKOS_CURSOR_TOPIC', 'SCHEMA_REGISTRY_URL', 'KAFKA_REPLICATION_FACTOR', 'LOG_LEVEL', 'COMMAND_TIMEOUT_MS'],
  embedded: ['LOG_LEVEL'],
  effects: ['DATABASE_URL', 'DATABASE_SCHEMA', 'SQLITE_PATH', 'NOTIFIER_WELCOME_URL', 'NOTIFIER_DEPROVISION_URL', 'NOTIFIER_RECEIVER_IDEMPOTENT', 'NOTIFIER_HTTP_TIMEOUT_MS', 'NOTIFIER_MAX_ATTEMPTS', 'NOTIFIER_RETRY_INITIAL_MS', 'LOG_LEVEL'],
  dlq: ['KAFKA_BROKERS', ...SECURITY, 'LOG_LEVEL', 'COMMAND_TIMEOUT_MS'],
};

/** Flags documented before, besides one per variable: also a public contract. */
const FLAGS_BEFORE: Readonly<Record<CommandName, readonly string[]>> = {
  embedded: ['--organizations', '--history-events', '--live-rate', '--seed', '--duration', '--progress-interval'],
  connector: ['--config'],
  // Each consumer has always accepted the other's flags.
  'directory-mirror': ['--config', '--notifier-group-id', '--notifier-welcome-url', '--notifier-deprovision-url', '--notifier-http-timeout-ms', '--notifier-max-attempts', '--notifier-retry-initial-ms'],
  notifier: ['--config', '--directory-mirror-group-id', '--directory-mirror-batch-records'],
  'reset-cursor': ['--to-event', '--created-at', '--to-time', '--apply'],
  replay: ['--group', '--topic', '--to', '--brokers', '--apply'],
  status: ['--brokers', '--registry', '--connector-name', '--events-topic', '--cursor-topic', '--group'],
  reconcile: ['--json', '--repair', '--interval'],
  snapshot: ['--organization', '--wait'],
  effects: ['--release', '--retry', '--event', '--effect', '--all', '--apply', '--json'],
  dlq: ['--group', '--json', '--event', '--reason', '--redrive', '--again', '--apply'],
};

describe('workos-kafka commands', () => {
  it('each reads every variable it read before', () => {
    for (const entry of COMMANDS) {
      const declared = entry.settings.map((setting) => setting.env);
      expect(READ_BEFORE[entry.name].filter((variable) => !declared.includes(variable)), entry.name).toEqual([]);
    }
  });

  it('each has a schema: every setting it reads has a default for it, or is required or optional', () => {
    for (const entry of COMMANDS) expect(() => settingsSchema(entry.settings, entry.name), entry.name).not.toThrow();
  });

  it('each keeps every flag it had, one per variable it reads plus its own', () => {
    const program = createProgram({ env: {}, stdout: () => undefined, stderr: () => undefined }, () => undefined);
    for (const command of program.commands) {
      const name = command.name() as CommandName;
      if (name === ('help' as CommandName)) continue;
      const flags = command.options.map((option) => option.long);
      const expected = [...FLAGS_BEFORE[name], ...READ_BEFORE[name].map(flagFor)];
      expect(expected.filter((flag) => !flags.includes(flag)), name).toEqual([]);
    }
    expect(program.commands.map((command) => command.name()).sort()).toEqual(COMMANDS.map((entry) => entry.name).sort());
    expect(commandEntry('status').aliases).toMatchObject({ KAFKA_BROKERS: ['--brokers'] });
  });

  it('keep the documented defaults', () => {
    expect(loadConnectorRoleConfig({ WORKOS_API_KEY: 'sk_test', KAFKA_BROKERS: 'k:9092' })).toMatchObject({
      WORKOS_API_HOSTNAME: 'api.workos.com',
      WORKOS_API_HTTPS: true,
      WORKOS_REQUEST_TIMEOUT_MS: 30_000,
      WORKOS_EVENT_TYPES: [],
      WORKOS_START: { kind: 'earliest' },
      WORKOS_RETENTION_DAYS: 30,
      WORKOS_REQUESTS_PER_SECOND: 10,
      POLL_INTERVAL_MS: 5_000,
      POLL_MIN_INTERVAL_MS: 100,
      KAFKA_CLIENT_ID: 'workos-kafka-connector',
      KAFKA_REPLICATION_FACTOR: -1,
      CONNECTOR_NAME: 'workos-events',
      WORKOS_EVENTS_TOPIC: 'workos.events',
      WORKOS_CURSOR_TOPIC: 'workos.cursor',
      WORKOS_EVENTS_TOPIC_PARTITIONS: 12,
      WORKOS_EVENTS_RETENTION_MS: -1,
      KAFKA_SSL_REJECT_UNAUTHORIZED: true,
      LOG_LEVEL: 'info',
      METRICS_HOST: '127.0.0.1',
      METRICS_PORT: 9464,
    });
    expect(loadDirectoryMirrorRoleConfig({ KAFKA_BROKERS: 'k:9092' })).toMatchObject({ KAFKA_CLIENT_ID: 'workos-directory-mirror', METRICS_PORT: 9465, LOG_LEVEL: 'info' });
    expect(loadNotifierRoleConfig({ KAFKA_BROKERS: 'k:9092' })).toMatchObject({
      KAFKA_CLIENT_ID: 'workos-notifier',
      METRICS_PORT: 9466,
      NOTIFIER_HTTP_TIMEOUT_MS: 5_000,
      NOTIFIER_MAX_ATTEMPTS: 5,
      NOTIFIER_RETRY_INITIAL_MS: 500,
      DATABASE_SCHEMA: 'public',
      CONSUMER_MAX_ATTEMPTS: 5,
    });
  });
});

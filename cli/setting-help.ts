/**
 * What each environment variable means and its default, as `--help` shows it. One entry per
 * variable of the connector and consumer configuration schemas; a unit test fails when a schema
 * gains a variable that is not described here.
 */
export interface SettingHelp {
  readonly help: string;
  /** Shown as the default; omitted when the setting is required or has none. */
  readonly default?: string;
}

const kafka: Record<string, SettingHelp> = {
  KAFKA_BROKERS: { help: 'bootstrap brokers, host:port[,host:port…] (required)' },
  SCHEMA_REGISTRY_URL: { help: 'Confluent-compatible schema registry URL; unset = plain JSON values' },
  WORKOS_EVENTS_TOPIC: { help: 'events topic', default: 'workos.events' },
  LOG_LEVEL: { help: 'fatal|error|warn|info|debug|trace|silent', default: 'info' },
  KAFKA_SASL_MECHANISM: { help: 'plain | scram-sha-256 | scram-sha-512; unset = no SASL' },
  KAFKA_SASL_USERNAME: { help: 'SASL user name' },
  KAFKA_SASL_PASSWORD: { help: 'SASL password (never logged)' },
  KAFKA_SSL: { help: 'connect with TLS', default: 'false' },
  KAFKA_SSL_CA_FILE: { help: 'PEM file of the CA to trust (implies TLS)' },
  KAFKA_SSL_REJECT_UNAUTHORIZED: { help: 'verify the broker certificate', default: 'true' },
};

/** Connector settings. */
export const CONNECTOR_SETTING_HELP: Readonly<Record<string, SettingHelp>> = {
  WORKOS_API_KEY: { help: "the WorkOS environment's secret key, sk_… (required; never logged; prefer the env var, flags show in ps)" },
  WORKOS_API_HOSTNAME: { help: 'WorkOS API host', default: 'api.workos.com' },
  WORKOS_API_PORT: { help: 'WorkOS API port' },
  WORKOS_API_HTTPS: { help: 'use HTTPS for WorkOS', default: 'true' },
  WORKOS_REQUEST_TIMEOUT_MS: { help: 'per-request timeout, ms (a timeout is retried)', default: '30000' },
  WORKOS_EVENT_TYPES: { help: 'comma list of event names', default: 'every name @workos-inc/node 8.13 knows' },
  WORKOS_ORGANIZATION_ID: { help: "only this organization's events" },
  WORKOS_START: { help: 'with no stored cursor: now | earliest | ISO-8601 timestamp', default: 'earliest' },
  WORKOS_RETENTION_DAYS: { help: "WorkOS's event retention, days", default: '30' },
  WORKOS_REQUESTS_PER_SECOND: { help: 'request budget against the key\'s shared rate limit', default: '10' },
  POLL_INTERVAL_MS: { help: 'longest wait between polls once caught up, ms', default: '5000' },
  POLL_MIN_INTERVAL_MS: { help: 'first wait after events were seen, doubling per empty page up to POLL_INTERVAL_MS, ms', default: '250' },
  KAFKA_CLIENT_ID: { help: 'Kafka client id', default: 'workos-kafka-connector' },
  CONNECTOR_NAME: { help: 'cursor key and transactional id', default: 'workos-events' },
  WORKOS_CURSOR_TOPIC: { help: 'compacted cursor topic', default: 'workos.cursor' },
  WORKOS_EVENTS_TOPIC_PARTITIONS: { help: 'partitions when creating the events topic', default: '12' },
  WORKOS_EVENTS_RETENTION_MS: { help: 'retention.ms when creating the events topic (-1 = forever)', default: '-1' },
  KAFKA_REPLICATION_FACTOR: { help: 'replication factor of created topics (-1 = broker default)', default: '-1' },
  ...kafka,
};

/** Settings shared by both shipped consumers, plus each one's own. */
export const CONSUMER_SETTING_HELP: Readonly<Record<string, SettingHelp>> = {
  ...kafka,
  DATABASE_URL: { help: 'PostgreSQL URL; unset = SQLite at SQLITE_PATH' },
  DATABASE_SCHEMA: { help: 'PostgreSQL schema for the tables', default: 'public' },
  SQLITE_PATH: { help: 'SQLite file when DATABASE_URL is unset', default: 'workos-consumers.sqlite' },
  CONSUMER_CONCURRENCY: { help: 'partitions handled in parallel', default: '3' },
  CONSUMER_MAX_ATTEMPTS: { help: 'attempts per record before the dead-letter topic', default: '5' },
  CONSUMER_SESSION_TIMEOUT_MS: { help: 'how long the group waits for a crashed member before rebalancing, ms (≥ 6000)', default: '30000' },
  DIRECTORY_MIRROR_GROUP_ID: { help: 'directory mirror consumer group', default: 'workos-directory-mirror' },
  DIRECTORY_MIRROR_BATCH_RECORDS: { help: 'most events of a partition applied in one database transaction (1 = one per event)', default: '500' },
  NOTIFIER_GROUP_ID: { help: 'notifier consumer group', default: 'workos-notifier' },
  KAFKA_CLIENT_ID: { help: 'Kafka client id', default: 'the role name' },
  NOTIFIER_WELCOME_URL: { help: 'endpoint for welcome messages; unset = log only' },
  NOTIFIER_DEPROVISION_URL: { help: 'internal deprovisioning endpoint; unset = log only' },
  NOTIFIER_HTTP_TIMEOUT_MS: { help: 'per-attempt HTTP timeout, ms', default: '5000' },
  NOTIFIER_MAX_ATTEMPTS: { help: 'sender attempts per effect before dead-lettering', default: '5' },
  NOTIFIER_RETRY_INITIAL_MS: { help: 'first backoff between sender attempts, ms', default: '500' },
};

/** Metrics endpoint settings, common to every long-running role. */
export const METRICS_SETTING_HELP: Readonly<Record<string, SettingHelp>> = {
  METRICS_HOST: { help: 'interface for /metrics, /healthz, /readyz', default: '127.0.0.1' },
  METRICS_PORT: { help: 'port for /metrics (0 = off)', default: 'connector 9464, mirror 9465, notifier 9466' },
};

import { z } from 'zod';
import { booleanText, commaList, integerFrom, nonEmptyText, portNumber, positiveInteger, topicName } from '../core/config-values.js';
import { parseEnv } from '../core/env-config.js';
import { KAFKA_SECURITY_SETTINGS, withKafkaSecurityChecks } from '../core/kafka-security-env.js';
import { KAFKA_BROKERS, KAFKA_CLIENT_ID, KAFKA_REPLICATION_FACTOR, LOG_LEVEL, SCHEMA_REGISTRY_URL, WORKOS_EVENTS_TOPIC } from '../core/settings/common-settings.js';
import { settingsSchema } from '../core/settings/settings-schema.js';
import { defineSetting } from '../core/settings/setting.js';
import { DEFAULT_EVENTS_MAX_MESSAGE_BYTES, MAX_EVENTS_MAX_MESSAGE_BYTES, MIN_EVENTS_MAX_MESSAGE_BYTES } from '../core/message-size.js';
import { DEFAULT_CURSOR_TOPIC } from '../core/topics.js';
import { WORKOS_CONTROL_TOPIC } from './control/control-topic.js';

/** Where to begin when no cursor is stored: `now`, `earliest` (as far back as retention allows) or an instant. */
export type StartPosition = { kind: 'now' } | { kind: 'earliest' } | { kind: 'timestamp'; at: Date };

function parseStart(value: string, ctx: z.RefinementCtx): StartPosition {
  if (value === 'now' || value === 'earliest') return { kind: value };
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    ctx.addIssue({ code: 'custom', message: `must be "now", "earliest" or an ISO-8601 timestamp, got "${value}"` });
    return z.NEVER;
  }
  return { kind: 'timestamp', at };
}

export const WORKOS_API_KEY = defineSetting({
  env: 'WORKOS_API_KEY',
  group: 'WorkOS',
  help: "the WorkOS environment's secret key (sk_…) with Events read permission; never logged",
  type: nonEmptyText,
  required: 'the secret key, sk_…',
  secret: true,
});

export const CONNECTOR_NAME = defineSetting({
  env: 'CONNECTOR_NAME',
  group: 'Connector',
  help: 'cursor key, transactional id (workos-kafka-connector.<name>) and lease group; replicas with one name elect one active instance, the others stand by',
  type: z.string().regex(/^[A-Za-z0-9._-]+$/, 'may contain only letters, digits, ".", "_" and "-"'),
  default: 'workos-events',
});

export const CONNECTOR_LEASE_SESSION_TIMEOUT_MS = defineSetting({
  env: 'CONNECTOR_LEASE_SESSION_TIMEOUT_MS',
  group: 'Connector',
  help:
    'replicas with one CONNECTOR_NAME elect one active replica through a consumer group; a standby takes over this long after the active one stops answering (within the broker\'s group.min/max.session.timeout.ms)',
  unit: 'ms',
  type: positiveInteger,
  default: '10000',
});

export const WORKOS_CURSOR_TOPIC = defineSetting({
  env: 'WORKOS_CURSOR_TOPIC',
  group: 'Topics',
  help: 'the compacted cursor topic, keyed by connector name',
  type: topicName,
  default: DEFAULT_CURSOR_TOPIC,
});

// Why 8 MiB and these bounds: core/message-size.ts. The connector reads it, and `status` checks the topic against it.
export const WORKOS_EVENTS_MAX_MESSAGE_BYTES = defineSetting({
  env: 'WORKOS_EVENTS_MAX_MESSAGE_BYTES',
  group: 'Topics',
  help:
    "largest record batch of the events topic: its max.message.bytes when the connector creates it, and the biggest event the connector publishes (GZIP worst case; a bigger one stops it, naming the event); readers fetch up to the topic's own max.message.bytes",
  unit: 'bytes',
  type: integerFrom(MIN_EVENTS_MAX_MESSAGE_BYTES, MAX_EVENTS_MAX_MESSAGE_BYTES),
  default: String(DEFAULT_EVENTS_MAX_MESSAGE_BYTES),
});

export const WORKOS_RETENTION_DAYS = defineSetting({
  env: 'WORKOS_RETENTION_DAYS',
  group: 'WorkOS',
  help: "WorkOS's event retention, for `earliest` and the cursor-age warning",
  unit: 'days',
  type: positiveInteger,
  default: '30',
});

export const POLL_INTERVAL_MS = defineSetting({
  env: 'POLL_INTERVAL_MS',
  group: 'Connector',
  help: 'longest wait between polls once caught up (an idle stream costs one request per interval)',
  unit: 'ms',
  type: positiveInteger,
  default: '5000',
});

/**
 * The webhook doorbell (connector/doorbell/): WorkOS webhooks only wake the poll, their payload is
 * never published. Its own long interval rather than POLL_INTERVAL_MS, so turning the doorbell on
 * or off is one setting and a connector without it keeps the interval tuned for polling alone.
 */
export const WEBHOOK_DOORBELL_SETTINGS = [
  defineSetting({
    env: 'WEBHOOK_DOORBELL_PORT',
    group: 'Connector',
    help: 'port of the webhook doorbell (POST /webhooks/workos): a verified WorkOS webhook makes the active replica poll at once; 0 = off',
    type: integerFrom(0, 65_535),
    default: '0',
  }),
  defineSetting({ env: 'WEBHOOK_DOORBELL_HOST', group: 'Connector', help: 'interface the webhook doorbell listens on', type: nonEmptyText, default: '0.0.0.0' }),
  defineSetting({
    env: 'WEBHOOK_SECRET',
    group: 'Connector',
    help: "the webhook endpoint's secret from the WorkOS dashboard; checks WorkOS-Signature (required with WEBHOOK_DOORBELL_PORT); never logged",
    type: nonEmptyText,
    defaultText: 'none',
    secret: true,
  }),
  defineSetting({
    env: 'POLL_INTERVAL_WITH_DOORBELL_MS',
    group: 'Connector',
    help: 'with the doorbell on, longest wait between polls once caught up (the fallback when webhooks are lost); replaces POLL_INTERVAL_MS',
    unit: 'ms',
    type: positiveInteger,
    default: '60000',
  }),
  defineSetting({
    env: 'POLL_MIN_INTERVAL_WITH_DOORBELL_MS',
    group: 'Connector',
    help: 'with the doorbell on, shortest time from the start of one poll to a poll that webhooks trigger (the rings in between are coalesced): at most 1000/this requests a second however many webhooks arrive; replaces POLL_MIN_INTERVAL_MS',
    unit: 'ms',
    type: positiveInteger,
    default: '200',
  }),
] as const;

/** Where the WorkOS API is and how long one request may take (the connector and `reconcile`). */
export const WORKOS_API_SETTINGS = [
  defineSetting({ env: 'WORKOS_API_HOSTNAME', group: 'WorkOS', help: 'WorkOS API host', type: nonEmptyText, default: 'api.workos.com' }),
  defineSetting({ env: 'WORKOS_API_PORT', group: 'WorkOS', help: 'WorkOS API port', type: portNumber, defaultText: '443 for HTTPS, 80 for HTTP' }),
  defineSetting({ env: 'WORKOS_API_HTTPS', group: 'WorkOS', help: 'use HTTPS for WorkOS', type: booleanText, default: 'true' }),
  defineSetting({
    env: 'WORKOS_REQUEST_TIMEOUT_MS',
    group: 'WorkOS',
    help: 'timeout of one WorkOS request; a timeout is retried',
    unit: 'ms',
    type: positiveInteger,
    default: '30000',
  }),
] as const;

export const WORKOS_REQUESTS_PER_SECOND = defineSetting({
    env: 'WORKOS_REQUESTS_PER_SECOND',
    group: 'WorkOS',
    help: "request budget, so a backfill leaves the key's shared rate limit (6,000/min) to your application",
    unit: 'requests/s',
    type: z.coerce.number({ error: 'must be a number' }).positive('must be > 0').max(100, 'must be ≤ 100'),
    default: '10',
  });

/** Every setting of the connector (its metrics endpoint aside, see `run-connector.ts`). */
export const CONNECTOR_SETTINGS = [
  WORKOS_API_KEY,
  ...WORKOS_API_SETTINGS,
  defineSetting({
    env: 'WORKOS_EVENT_TYPES',
    group: 'WorkOS',
    help: 'comma list of event names to read; WorkOS only returns the types asked for',
    type: commaList,
    // Empty means every name: the connector fills in the SDK's list (see create-connector.ts).
    default: '',
    defaultText: 'every event name the WorkOS SDK knows',
  }),
  defineSetting({ env: 'WORKOS_ORGANIZATION_ID', group: 'WorkOS', help: "only this organization's events", type: nonEmptyText, defaultText: 'every organization' }),
  defineSetting({
    env: 'WORKOS_START',
    group: 'WorkOS',
    help: 'with no stored cursor: now | earliest | ISO-8601 timestamp',
    type: z.string().transform(parseStart),
    default: 'earliest',
  }),
  WORKOS_RETENTION_DAYS,
  WORKOS_REQUESTS_PER_SECOND,
  POLL_INTERVAL_MS,
  ...WEBHOOK_DOORBELL_SETTINGS,
  defineSetting({
    env: 'WORKOS_SNAPSHOT_MODE',
    group: 'Connector',
    help:
      'when to snapshot WorkOS state (every organization, user, directory, directory user and group, membership, connection) into the events topic: ' +
      'initial = on a first start with no cursor, then stream; when_needed = also when the stored cursor is older than retention or WorkOS refuses it; never',
    type: z.enum(['initial', 'when_needed', 'never'], { error: 'must be initial, when_needed or never' }),
    default: 'initial',
  }),
  defineSetting({
    env: 'BACKFILL_WINDOWS',
    group: 'Connector',
    help: 'a cursor more than an hour behind is read in this many time windows side by side (within WORKOS_REQUESTS_PER_SECOND), published strictly in order; 1 = one page after another',
    type: positiveInteger,
    default: '4',
  }),
  defineSetting({
    env: 'BACKFILL_MAX_BUFFERED_PAGES',
    group: 'Connector',
    help: 'pages a parallel backfill reads ahead of the one being published, at most (its memory bound; a kill re-reads at most these)',
    type: positiveInteger,
    default: '64',
  }),
  defineSetting({
    env: 'TRANSACTION_MAX_PAGES',
    group: 'Connector',
    help: 'during a backlog (full pages waiting), WorkOS pages one Kafka transaction may carry with the cursor after the last; 1 = a transaction per page',
    type: positiveInteger,
    default: '10',
  }),
  defineSetting({
    env: 'TRANSACTION_MAX_MS',
    group: 'Connector',
    help: 'during a backlog, longest time from reading a transaction\'s first page to publishing it',
    unit: 'ms',
    type: positiveInteger,
    default: '1000',
  }),
  defineSetting({
    env: 'TRANSACTION_MAX_BYTES',
    group: 'Connector',
    help: "during a backlog, largest size of one transaction's event records as encoded (key, value, headers); a page that crosses it still goes in whole",
    unit: 'bytes',
    type: positiveInteger,
    default: String(16 * 1024 * 1024),
  }),
  defineSetting({
    env: 'POLL_MIN_INTERVAL_MS',
    group: 'Connector',
    help: 'wait after a poll that found events, held for the first 4 empty pages in a row; then doubles with each empty page up to POLL_INTERVAL_MS',
    unit: 'ms',
    type: positiveInteger,
    default: '100',
  }),
  KAFKA_BROKERS,
  KAFKA_CLIENT_ID,
  ...KAFKA_SECURITY_SETTINGS,
  SCHEMA_REGISTRY_URL,
  CONNECTOR_NAME,
  CONNECTOR_LEASE_SESSION_TIMEOUT_MS,
  WORKOS_EVENTS_TOPIC,
  WORKOS_CURSOR_TOPIC,
  WORKOS_CONTROL_TOPIC,
  defineSetting({
    env: 'WORKOS_EVENTS_TOPIC_PARTITIONS',
    group: 'Topics',
    help: 'partitions of the events topic when the connector creates it',
    type: positiveInteger,
    default: '12',
  }),
  defineSetting({
    env: 'WORKOS_EVENTS_RETENTION_MS',
    group: 'Topics',
    help: 'retention.ms of the events topic when the connector creates it (-1 = unlimited)',
    unit: 'ms',
    type: integerFrom(-1),
    default: '-1',
  }),
  WORKOS_EVENTS_MAX_MESSAGE_BYTES,
  KAFKA_REPLICATION_FACTOR,
  LOG_LEVEL,
] as const;

/**
 * Every connector setting, keyed by the environment variable that sets it. One schema gives both
 * the type and the check; units are in the names.
 */
export const connectorEnvSchema = settingsSchema(CONNECTOR_SETTINGS, 'connector');

/** The validated, frozen connector configuration. */
export type ConnectorConfig = Readonly<z.output<typeof connectorEnvSchema>>;

/** Validates the connector's environment (every problem reported at once, see `parseEnv`). */
export function loadConnectorConfig(env: Record<string, string | undefined>): ConnectorConfig {
  return parseEnv(withKafkaSecurityChecks(connectorEnvSchema), env, 'connector');
}

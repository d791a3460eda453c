/**
 * Settings more than one command reads: where Kafka and the registry are, the events topic, how
 * much to log, how long a one-shot command may take. The connector's, the consumers', the
 * security and the metrics settings are declared next to the code that uses them.
 */
import { absoluteUrl, brokerList, integerFrom, logLevel, nonEmptyText, positiveInteger, topicName } from '../config-values.js';
import { DEFAULT_EVENTS_TOPIC } from '../topics.js';
import { defineSetting } from './setting.js';

export const KAFKA_BROKERS = defineSetting({
  env: 'KAFKA_BROKERS',
  group: 'Kafka',
  help: 'bootstrap brokers, host:port[,host:port…]',
  type: brokerList,
  required: 'host:port[,host:port…]',
});

export const KAFKA_CLIENT_ID = defineSetting({
  env: 'KAFKA_CLIENT_ID',
  group: 'Kafka',
  help: 'Kafka client id (the cursor reset adds ".reset-cursor")',
  type: nonEmptyText,
  default: {
    connector: 'workos-kafka-connector',
    'reset-cursor': 'workos-kafka-connector',
    'directory-mirror': 'workos-directory-mirror',
    notifier: 'workos-notifier',
  },
});

export const KAFKA_REPLICATION_FACTOR = defineSetting({
  env: 'KAFKA_REPLICATION_FACTOR',
  group: 'Kafka',
  help: 'replication factor of the topics the connector creates (-1 = the broker default)',
  type: integerFrom(-1),
  default: '-1',
});

export const SCHEMA_REGISTRY_URL = defineSetting({
  env: 'SCHEMA_REGISTRY_URL',
  group: 'Kafka',
  help: 'Confluent-compatible schema registry base URL',
  type: absoluteUrl,
  defaultText: 'none (plain JSON values)',
});

export const WORKOS_EVENTS_TOPIC = defineSetting({
  env: 'WORKOS_EVENTS_TOPIC',
  group: 'Topics',
  help: 'the events topic',
  type: topicName,
  default: DEFAULT_EVENTS_TOPIC,
});

export const LOG_LEVEL = defineSetting({
  env: 'LOG_LEVEL',
  group: 'Logging',
  help: 'fatal | error | warn | info | debug | trace | silent; pino JSON logs, API keys and passwords redacted',
  type: logLevel,
  default: { connector: 'info', 'directory-mirror': 'info', notifier: 'info', 'reset-cursor': 'warn', status: 'warn', replay: 'warn', reconcile: 'warn', snapshot: 'warn', embedded: 'warn', dlq: 'warn', effects: 'warn' },
});

export const COMMAND_TIMEOUT_MS = defineSetting({
  env: 'COMMAND_TIMEOUT_MS',
  group: 'Commands',
  help: 'how long status, replay, reset-cursor and snapshot (without --wait) may take before they give up (exit 1), e.g. while the broker is unreachable',
  unit: 'ms',
  type: positiveInteger,
  default: '60000',
});

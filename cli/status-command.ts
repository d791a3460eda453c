import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { CONNECTOR_NAME, WORKOS_CURSOR_TOPIC, WORKOS_EVENTS_MAX_MESSAGE_BYTES } from '../connector/config.js';
import { CursorStore } from '../connector/cursor-store.js';
import { controlGroupFor } from '../connector/control/control-topic.js';
import { transactionalIdFor } from '../connector/create-connector.js';
import { describeLeaseGroup, leaseLine } from '../connector/lease/lease-holder.js';
import { fetchGroupLag } from '../core/consumer-lag.js';
import { parseEnv } from '../core/env-config.js';
import { createKafkaClient } from '../core/kafka-client.js';
import { KAFKA_SECURITY_SETTINGS, kafkaSecurityOptions, withKafkaSecurityChecks } from '../core/kafka-security-env.js';
import { createLogger } from '../core/logger.js';
import { topicLimitWarning } from '../core/message-size.js';
import { boundedCommand } from '../core/one-shot.js';
import type { RoleContext } from '../core/role-context.js';
import { COMMAND_TIMEOUT_MS, KAFKA_BROKERS, LOG_LEVEL, SCHEMA_REGISTRY_URL, WORKOS_EVENTS_TOPIC } from '../core/settings/common-settings.js';
import { settingsSchema } from '../core/settings/settings-schema.js';
import { describeTopicConfig } from '../core/topics.js';
import { parseTimestampMs } from '../core/workos-timestamp.js';
import { createCodec } from '../schemas/codec.js';
import { CURSOR_RECORD_SCHEMA } from '../schemas/cursor-record.js';
import type { SettingAliases } from './setting-options.js';

/** What `workos-kafka status` reads besides its own options. */
export const STATUS_SETTINGS = [
  KAFKA_BROKERS,
  ...KAFKA_SECURITY_SETTINGS,
  SCHEMA_REGISTRY_URL,
  CONNECTOR_NAME,
  WORKOS_EVENTS_TOPIC,
  WORKOS_CURSOR_TOPIC,
  WORKOS_EVENTS_MAX_MESSAGE_BYTES,
  LOG_LEVEL,
  COMMAND_TIMEOUT_MS,
] as const;

/** The command's flags from before flags were named after variables; both are accepted. */
export const STATUS_SETTING_ALIASES: SettingAliases = {
  KAFKA_BROKERS: ['--brokers'],
  SCHEMA_REGISTRY_URL: ['--registry'],
  WORKOS_EVENTS_TOPIC: ['--events-topic'],
  WORKOS_CURSOR_TOPIC: ['--cursor-topic'],
};

const statusSchema = settingsSchema(STATUS_SETTINGS, 'status');

/** The parsed `workos-kafka status`. */
export type StatusConfig = Readonly<z.output<typeof statusSchema>> & {
  /** Consumer groups whose lag and dead letters are reported. */
  readonly groups: readonly string[];
};

/** Validates the settings; throws `CONFIG_INVALID` listing every problem. */
export function loadStatusConfig(values: Record<string, string | undefined>, groups: readonly string[]): StatusConfig {
  return Object.freeze({ ...parseEnv(withKafkaSecurityChecks(statusSchema), values, 'status'), groups: [...groups] });
}

function age(createdAt: string | null): string {
  const at = parseTimestampMs(createdAt);
  if (at === undefined) return 'unknown age';
  const seconds = Math.max(0, (Date.now() - at) / 1000);
  return seconds < 120 ? `${seconds.toFixed(0)} s old` : seconds < 7_200 ? `${(seconds / 60).toFixed(0)} min old` : `${(seconds / 3_600).toFixed(1)} h old`;
}

/**
 * Prints the stored cursor, each group's lag per partition and dead-letter counts. Rejects when
 * the events topic does not exist (nothing to report on) or the broker does not answer in time.
 */
export async function runStatus(config: StatusConfig, context: RoleContext): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'workos-kafka-status', logger, ...kafkaSecurityOptions(config, 'status') });
  await boundedCommand(report(kafka, config, logger, context.print), { what: 'status', timeoutMs: config.COMMAND_TIMEOUT_MS, signal: context.signal });
}

async function report(kafka: Kafka, config: StatusConfig, logger: Logger, print: (line: string) => void): Promise<void> {
  const { CONNECTOR_NAME: connectorName, WORKOS_CURSOR_TOPIC: cursorTopic, WORKOS_EVENTS_TOPIC: eventsTopic } = config;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = new Set(await admin.listTopics());
    if (topics.has(cursorTopic)) {
      const store = new CursorStore({
        kafka,
        topic: cursorTopic,
        connectorName,
        codec: createCodec({ topic: cursorTopic, schema: CURSOR_RECORD_SCHEMA, registryUrl: config.SCHEMA_REGISTRY_URL }),
        logger,
      });
      const cursor = await store.readLatest();
      print(
        cursor === null
          ? `cursor ${connectorName}: none stored in ${cursorTopic}`
          : `cursor ${connectorName}: ${cursor.event_id ?? '(no event yet, reading from time)'} created_at ${cursor.event_created_at ?? '-'} (${age(cursor.event_created_at)}), written ${cursor.written_at}`,
      );
    } else print(`cursor topic ${cursorTopic} does not exist (the connector has not run)`);
    print(leaseLine(connectorName, await describeLeaseGroup(admin, controlGroupFor(transactionalIdFor(connectorName)))));

    if (!topics.has(eventsTopic)) throw new Error(`events topic ${eventsTopic} does not exist`);
    // The connector creates the topic with this limit but never raises it on an existing one.
    const sizeWarning = topicLimitWarning(eventsTopic, await describeTopicConfig(admin, eventsTopic), config.WORKOS_EVENTS_MAX_MESSAGE_BYTES);
    if (sizeWarning !== undefined) print(`warning: ${sizeWarning}`);
    for (const group of config.groups) {
      const lag = await fetchGroupLag(admin, group, eventsTopic);
      const perPartition = lag.partitions.map((p) => `p${p.partition}=${p.lag}`).join(' ');
      print(`group ${group}: lag ${lag.total} (${perPartition})`);
      const dlq = `${group}.dlq`;
      if (topics.has(dlq)) {
        const offsets = await admin.fetchTopicOffsets(dlq);
        print(`  dead letters in ${dlq}: ${offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0)}`);
      } else print(`  dead letters: none (${dlq} not created)`);
    }
  } finally {
    await admin.disconnect();
  }
}

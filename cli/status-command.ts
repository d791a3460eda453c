import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { z } from 'zod';
import { CONNECTOR_NAME, WORKOS_CURSOR_TOPIC, WORKOS_EVENTS_MAX_MESSAGE_BYTES } from '../connector/config.js';
import { CursorStore } from '../connector/cursor-store.js';
import { controlGroupFor } from '../connector/control/control-topic.js';
import { transactionalIdFor } from '../connector/create-connector.js';
import { describeLeaseGroup, leaseLine, summariseLease, type LeaseSummary } from '../connector/lease/lease-holder.js';
import { humanDuration } from '../core/human-duration.js';
import { DATABASE_SETTINGS, databaseConfigOf } from '../consumers/config/consumer-env.js';
import { effectsLine, effectsStatus, type EffectsStatus } from './status-effects.js';
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
  ...DATABASE_SETTINGS,
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
  /** Print one JSON document instead of lines. */
  readonly json: boolean;
};

/** Validates the settings; throws `CONFIG_INVALID` listing every problem. */
export function loadStatusConfig(values: Record<string, string | undefined>, groups: readonly string[], json = false): StatusConfig {
  return Object.freeze({ ...parseEnv(withKafkaSecurityChecks(statusSchema), values, 'status'), groups: [...groups], json });
}

/** What `status` found, as `--json` prints it. */
export interface StatusReport {
  readonly cursor:
    | { readonly connector: string; readonly event_id: string | null; readonly event_created_at: string | null; readonly age_seconds: number | null; readonly written_at: string }
    | null;
  /** Why there is no cursor, when there is none. */
  readonly cursor_missing?: string;
  readonly replicas: LeaseSummary;
  readonly groups: readonly { readonly group: string; readonly lag: number; readonly partitions: Readonly<Record<string, number>>; readonly dead_letters: number | null }[];
  readonly warnings: readonly string[];
  /** The notifier's effects that need a look, from its database. */
  readonly effects: EffectsStatus;
}

function ageSeconds(createdAt: string | null): number | null {
  const at = parseTimestampMs(createdAt);
  return at === undefined ? null : Math.max(0, (Date.now() - at) / 1000);
}

/**
 * Prints the stored cursor and its age, which replica is active, each group's lag per partition
 * and dead-letter counts; `--json` prints the same as one document. Rejects when the events topic
 * does not exist (nothing to report on) or the broker does not answer in time.
 */
export async function runStatus(config: StatusConfig, context: RoleContext): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'workos-kafka-status', logger, ...kafkaSecurityOptions(config, 'status') });
  const status = await boundedCommand(gather(kafka, config, logger), { what: 'status', timeoutMs: config.COMMAND_TIMEOUT_MS, signal: context.signal });
  if (config.json) context.print(JSON.stringify(status));
  else for (const line of statusLines(config.CONNECTOR_NAME, status)) context.print(line);
}

/** The report as lines a person reads. */
export function statusLines(connectorName: string, status: StatusReport): string[] {
  const lines: string[] = [];
  const { cursor } = status;
  if (cursor === null) lines.push(status.cursor_missing ?? `cursor ${connectorName}: none`);
  else {
    const age = cursor.age_seconds === null ? 'unknown age' : `${humanDuration(cursor.age_seconds)} old`;
    lines.push(`cursor ${connectorName}: ${cursor.event_id ?? '(no event yet, reading from time)'} created_at ${cursor.event_created_at ?? '-'} (${age}), written ${cursor.written_at}`);
  }
  lines.push(leaseLine(connectorName, status.replicas));
  for (const warning of status.warnings) lines.push(`warning: ${warning}`);
  for (const group of status.groups) {
    const perPartition = Object.entries(group.partitions).map(([partition, lag]) => `p${partition}=${lag}`).join(' ');
    lines.push(`group ${group.group}: lag ${group.lag} (${perPartition})`);
    lines.push(group.dead_letters === null ? `  dead letters: none (${group.group}.dlq not created)` : `  dead letters in ${group.group}.dlq: ${group.dead_letters}`);
  }
  lines.push(effectsLine(status.effects));
  return lines;
}

async function gather(kafka: Kafka, config: StatusConfig, logger: Logger): Promise<StatusReport> {
  const { CONNECTOR_NAME: connectorName, WORKOS_CURSOR_TOPIC: cursorTopic, WORKOS_EVENTS_TOPIC: eventsTopic } = config;
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = new Set(await admin.listTopics());
    let cursor: StatusReport['cursor'] = null;
    let cursorMissing: string | undefined;
    if (topics.has(cursorTopic)) {
      const store = new CursorStore({
        kafka,
        topic: cursorTopic,
        connectorName,
        codec: createCodec({ topic: cursorTopic, schema: CURSOR_RECORD_SCHEMA, registryUrl: config.SCHEMA_REGISTRY_URL }),
        logger,
      });
      const stored = await store.readLatest();
      if (stored === null) cursorMissing = `cursor ${connectorName}: none stored in ${cursorTopic}`;
      else cursor = { connector: stored.connector, event_id: stored.event_id, event_created_at: stored.event_created_at, age_seconds: ageSeconds(stored.event_created_at), written_at: stored.written_at };
    } else cursorMissing = `cursor topic ${cursorTopic} does not exist (the connector has not run)`;
    const replicas = summariseLease(await describeLeaseGroup(admin, controlGroupFor(transactionalIdFor(connectorName))));

    if (!topics.has(eventsTopic)) throw new Error(`events topic ${eventsTopic} does not exist`);
    // The connector creates the topic with this limit but never raises it on an existing one.
    const sizeWarning = topicLimitWarning(eventsTopic, await describeTopicConfig(admin, eventsTopic), config.WORKOS_EVENTS_MAX_MESSAGE_BYTES);
    const groups: StatusReport['groups'][number][] = [];
    for (const group of config.groups) {
      const lag = await fetchGroupLag(admin, group, eventsTopic);
      const dlq = `${group}.dlq`;
      const deadLetters = topics.has(dlq) ? (await admin.fetchTopicOffsets(dlq)).reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0) : null;
      groups.push({ group, lag: lag.total, partitions: Object.fromEntries(lag.partitions.map((p) => [String(p.partition), p.lag])), dead_letters: deadLetters });
    }
    const effects = await effectsStatus(databaseConfigOf(config));
    return { cursor, ...(cursorMissing === undefined ? {} : { cursor_missing: cursorMissing }), replicas, groups, warnings: sizeWarning === undefined ? [] : [sizeWarning], effects };
  } finally {
    await admin.disconnect();
  }
}

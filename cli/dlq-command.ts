/**
 * `workos-kafka dlq --group <id>`: lists a group's dead letters with their reasons, and with
 * `--redrive` sends them (all, or `--event`/`--reason` ones) back to that group only, through its
 * redrive topic `<group>.redrive` (see `consumers/runtime/redrive-topic.ts`). A redrive is a dry
 * run unless `--apply`; a dead letter redriven before is left out unless `--again`.
 */
import type { z } from 'zod';
import { checkAll, configurationError, parseEnv } from '../core/env-config.js';
import { createKafkaClient } from '../core/kafka-client.js';
import { KAFKA_SECURITY_SETTINGS, kafkaSecurityOptions, withKafkaSecurityChecks } from '../core/kafka-security-env.js';
import { createLogger } from '../core/logger.js';
import { boundedCommand } from '../core/one-shot.js';
import type { RoleContext } from '../core/role-context.js';
import { COMMAND_TIMEOUT_MS, KAFKA_BROKERS, LOG_LEVEL } from '../core/settings/common-settings.js';
import { settingsSchema } from '../core/settings/settings-schema.js';
import { inspectDeadLetters, redriveDeadLetters } from '../consumers/dead-letters/dead-letter-admin.js';
import { matchesFilter, selectForRedrive } from '../consumers/dead-letters/redrive-selection.js';
import { dlqJson, listingLines, redriveLines, type DlqResult } from './dlq-report.js';

/** What `workos-kafka dlq` reads besides its own options. */
export const DLQ_SETTINGS = [KAFKA_BROKERS, ...KAFKA_SECURITY_SETTINGS, LOG_LEVEL, COMMAND_TIMEOUT_MS] as const;

const dlqSchema = settingsSchema(DLQ_SETTINGS, 'dlq');

/** The command's own options, parsed. */
export interface DlqOptions {
  readonly group: string;
  readonly json: boolean;
  readonly redrive: boolean;
  /** Send the redrive; without it a redrive only reports what it would send. */
  readonly apply: boolean;
  /** Also redrive dead letters redriven before. */
  readonly again: boolean;
  readonly eventIds: readonly string[];
  readonly reason: string | undefined;
}

/** The options as commander hands them over. */
export interface DlqRawOptions {
  readonly group: string;
  readonly json: boolean;
  readonly redrive: boolean;
  readonly apply: boolean;
  readonly again: boolean;
  readonly event: readonly string[];
  readonly reason?: string | undefined;
}

/** The parsed `workos-kafka dlq`. */
export type DlqConfig = Readonly<z.output<typeof dlqSchema>> & DlqOptions;

/** Longest group id whose `<group>.redrive` is still a valid topic name (249 characters). */
const MAX_GROUP_LENGTH = 249 - '.redrive'.length;

/** Checks the options together; throws `CONFIG_INVALID` naming every problem. */
export function parseDlqOptions(raw: DlqRawOptions): DlqOptions {
  const problems: string[] = [];
  // The group names topics (`<group>.dlq`, `<group>.redrive`): only what a topic name may hold.
  if (!/^[A-Za-z0-9._-]+$/.test(raw.group) || raw.group.length > MAX_GROUP_LENGTH) {
    problems.push(`--group: must be a consumer group id of letters, digits, ".", "_" and "-" (at most ${MAX_GROUP_LENGTH}), got "${raw.group}"`);
  }
  if (raw.apply && !raw.redrive) problems.push('--apply: only with --redrive (listing changes nothing)');
  if (raw.again && !raw.redrive) problems.push('--again: only with --redrive');
  const eventIds = raw.event.map((id) => id.trim());
  if (eventIds.some((id) => id === '')) problems.push('--event: must be an event id, got an empty one');
  const reason = raw.reason?.trim();
  if (reason === '') problems.push('--reason: must be an error code or words of the error, got nothing');
  if (problems.length > 0) throw configurationError('dlq', problems);
  return { group: raw.group, json: raw.json, redrive: raw.redrive, apply: raw.apply, again: raw.again, eventIds: [...new Set(eventIds)], reason };
}

/** Validates the settings and options together; throws `CONFIG_INVALID` listing every problem. */
export function loadDlqConfig(values: Record<string, string | undefined>, raw: DlqRawOptions): DlqConfig {
  const [settings, options] = checkAll('dlq', [() => parseEnv(withKafkaSecurityChecks(dlqSchema), values, 'dlq'), () => parseDlqOptions(raw)]);
  return Object.freeze({ ...settings, ...options });
}

/** Lists, or redrives (a dry run unless `apply`), and prints the outcome as lines or one JSON document. */
export async function runDlq(config: DlqConfig, context: RoleContext): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'workos-kafka-dlq', logger, ...kafkaSecurityOptions(config, 'dlq') });
  const filter = { eventIds: config.eventIds, reason: config.reason };
  const work = (async (): Promise<DlqResult> => {
    const report = await inspectDeadLetters(kafka, config.group, { timeoutMs: config.COMMAND_TIMEOUT_MS });
    const listed = report.deadLetters.filter((letter) => matchesFilter(letter, filter));
    if (!config.redrive) return { report, listed, filtered: filter.eventIds.length > 0 || filter.reason !== undefined };
    const selection = selectForRedrive(report.deadLetters, filter, config.again);
    const outcome = config.apply ? await redriveDeadLetters(kafka, report, selection.selected, logger) : undefined;
    return { report, listed, filtered: true, redrive: { selection, again: config.again, outcome } };
  })();
  const result = await boundedCommand(work, { what: `dlq --group ${config.group}`, timeoutMs: config.COMMAND_TIMEOUT_MS, signal: context.signal });
  if (config.json) context.print(JSON.stringify(dlqJson(result), null, 2));
  else for (const line of result.redrive === undefined ? listingLines(result) : redriveLines(result)) context.print(line);
}

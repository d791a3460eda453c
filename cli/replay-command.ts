import type { z } from 'zod';
import { checkAll, parseEnv } from '../core/env-config.js';
import { createKafkaClient } from '../core/kafka-client.js';
import { KAFKA_SECURITY_SETTINGS, kafkaSecurityOptions, withKafkaSecurityChecks } from '../core/kafka-security-env.js';
import { createLogger } from '../core/logger.js';
import { boundedCommand } from '../core/one-shot.js';
import type { RoleContext } from '../core/role-context.js';
import { COMMAND_TIMEOUT_MS, KAFKA_BROKERS, LOG_LEVEL, WORKOS_EVENTS_TOPIC } from '../core/settings/common-settings.js';
import { settingsSchema } from '../core/settings/settings-schema.js';
import { replayGroup, type ReplayTarget } from '../consumers/replay.js';
import type { SettingAliases } from './setting-options.js';

/** What `workos-kafka replay` reads besides its own options. */
export const REPLAY_SETTINGS = [KAFKA_BROKERS, ...KAFKA_SECURITY_SETTINGS, WORKOS_EVENTS_TOPIC, LOG_LEVEL, COMMAND_TIMEOUT_MS] as const;

/** The command's flags from before flags were named after variables; both are accepted. */
export const REPLAY_SETTING_ALIASES: SettingAliases = { KAFKA_BROKERS: ['--brokers'], WORKOS_EVENTS_TOPIC: ['--topic'] };

const replaySchema = settingsSchema(REPLAY_SETTINGS, 'replay');

/** The command's own options. */
export interface ReplayOptions {
  readonly group: string;
  readonly target: ReplayTarget;
  /** False: print the moves and write nothing. */
  readonly apply: boolean;
}

/** The parsed `workos-kafka replay`. */
export type ReplayConfig = Readonly<z.output<typeof replaySchema>> & ReplayOptions;

/** Validates the settings and options together; throws `CONFIG_INVALID` listing every problem. */
export function loadReplayConfig(values: Record<string, string | undefined>, options: { group: string; to: string; apply: boolean }): ReplayConfig {
  const [settings, target] = checkAll('replay', [() => parseEnv(withKafkaSecurityChecks(replaySchema), values, 'replay'), () => parseReplayTarget(options.to)]);
  return Object.freeze({ ...settings, group: options.group, target, apply: options.apply });
}

/** Parses `--to`; throws with the accepted forms when it is none of them. */
export function parseReplayTarget(to: string): ReplayTarget {
  if (to === 'earliest') return { kind: 'earliest' };
  if (/^\d+:\d+(,\d+:\d+)*$/.test(to)) {
    return { kind: 'offsets', offsets: to.split(',').map((pair) => ({ partition: Number(pair.split(':')[0]), offset: pair.split(':')[1] ?? '0' })) };
  }
  const timestampMs = Date.parse(to);
  if (/^\d{4}-\d{2}-\d{2}/.test(to) && !Number.isNaN(timestampMs)) return { kind: 'timestamp', timestampMs };
  throw new Error(`--to must be "earliest", an ISO-8601 timestamp or partition:offset pairs, got "${to}"`);
}

/**
 * Prints old → new offsets per partition; writes them only with `apply` and an idle group.
 * Rejects when `apply` was asked for but the group has active members (nothing is written).
 */
export async function runReplay(config: ReplayConfig, context: RoleContext): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
  const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'workos-kafka-replay', logger, ...kafkaSecurityOptions(config, 'replay') });
  const admin = kafka.admin();
  const work = (async () => {
    await admin.connect();
    try {
      return await replayGroup({ admin, groupId: config.group, topic: config.WORKOS_EVENTS_TOPIC, target: config.target, dryRun: !config.apply });
    } finally {
      await admin.disconnect();
    }
  })();
  const report = await boundedCommand(work, { what: 'replay', timeoutMs: config.COMMAND_TIMEOUT_MS, signal: context.signal });
  context.print(`group ${report.groupId} on ${report.topic} (state ${report.groupState}, ${report.activeMembers} active members)`);
  for (const move of report.partitions) context.print(`  partition ${move.partition}: ${move.from ?? '(none)'} → ${move.to}`);
  if (report.applied) context.print('offsets written; start the group to replay.');
  else if (config.apply) throw new Error('NOT applied: the group has active members. Stop every member, then run again.');
  else context.print('dry run: nothing changed. Add --apply to write these offsets (the group must be stopped).');
}

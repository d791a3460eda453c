#!/usr/bin/env node
/**
 * `workos-kafka`: one command for every role. Roles configured by environment variables run as
 * they would as their own processes; `embedded` runs the whole pipeline locally with no setup.
 */
import { Command, InvalidArgumentError } from 'commander';
import { createLogger } from '../core/logger.js';
import { runEmbedded } from './embedded.js';
import { addSettingOptions, resolveSettings } from './env-options.js';
import { CONNECTOR_SETTING_HELP, CONSUMER_SETTING_HELP, METRICS_SETTING_HELP } from './setting-help.js';
import { runReplayCommand } from './replay-command.js';
import { runStatusCommand } from './status-command.js';
import { DEFAULT_MIRROR_GROUP_ID, DEFAULT_NOTIFIER_GROUP_ID } from '../consumers/index.js';

function positiveInteger(value: string): number {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('must be a non-negative integer');
  return parsed;
}

const program = new Command('workos-kafka')
  .description('WorkOS Events API → Kafka, exactly once; replay-safe consumers on top')
  .showHelpAfterError();

program
  .command('embedded', { isDefault: true })
  .description('run everything locally: Kafka, schema registry, WorkOS emulator, connector, directory mirror, notifier')
  .option('--organizations <n>', 'organizations in the emulated WorkOS world', positiveInteger, 20)
  .option('--history-events <n>', 'events of history over the last 7 days', positiveInteger, 5_000)
  .option('--live-rate <n>', 'new events per second while running', positiveInteger, 5)
  .option('--seed <n>', 'seed of the emulated world', positiveInteger, 1)
  .option('--duration <seconds>', 'stop by itself after this many seconds (0 = until Ctrl-C)', positiveInteger, 0)
  .option('--progress-interval <seconds>', 'seconds between progress lines', positiveInteger, 2)
  .action(async (options: { organizations: number; historyEvents: number; liveRate: number; seed: number; duration: number; progressInterval: number }) => {
    const logger = createLogger({ level: (process.env.LOG_LEVEL as 'warn' | undefined) ?? 'warn', base: { service: 'workos-kafka-embedded' } });
    await runEmbedded(
      {
        organizations: options.organizations,
        historyEvents: options.historyEvents,
        liveEventsPerSecond: options.liveRate,
        seed: options.seed,
        durationSeconds: options.duration,
        progressIntervalSeconds: Math.max(1, options.progressInterval),
      },
      logger,
    );
  });

addSettingOptions(
  program.command('connector').description('run the source connector: WorkOS /events → Kafka, exactly once (every option also reads its env var)'),
  { ...CONNECTOR_SETTING_HELP, ...METRICS_SETTING_HELP },
).action(async (options: Record<string, unknown>) => {
  Object.assign(process.env, resolveSettings(options, { ...CONNECTOR_SETTING_HELP, ...METRICS_SETTING_HELP }));
  await import('../connector/main.js');
});

addSettingOptions(
  program.command('directory-mirror').description('run the directory mirror consumer group (state in SQLite or PostgreSQL)'),
  { ...CONSUMER_SETTING_HELP, ...METRICS_SETTING_HELP },
).action(async (options: Record<string, unknown>) => {
  Object.assign(process.env, resolveSettings(options, { ...CONSUMER_SETTING_HELP, ...METRICS_SETTING_HELP }));
  await import('../consumers/directory-mirror/main.js');
});

addSettingOptions(
  program.command('notifier').description('run the notifier consumer group (side effects, each at most once per event)'),
  { ...CONSUMER_SETTING_HELP, ...METRICS_SETTING_HELP },
).action(async (options: Record<string, unknown>) => {
  Object.assign(process.env, resolveSettings(options, { ...CONSUMER_SETTING_HELP, ...METRICS_SETTING_HELP }));
  await import('../consumers/notifier/main.js');
});

program
  .command('reset-cursor')
  .description('set the stored cursor to an event id or a timestamp (dry run unless --apply); see README "Lost cursor"')
  .allowUnknownOption()
  .allowExcessArguments(true)
  .helpOption(false)
  .action(async () => {
    // reset-cursor-main.ts parses process.argv itself: drop the subcommand name.
    process.argv.splice(2, 1);
    await import('../connector/reset-cursor-main.js');
  });

program
  .command('replay')
  .description('move a consumer group back to replay history from Kafka (dry run unless --apply)')
  .requiredOption('--group <id>', 'consumer group id, e.g. workos-directory-mirror')
  .option('--topic <name>', 'events topic', process.env.WORKOS_EVENTS_TOPIC ?? 'workos.events')
  .option('--to <target>', '"earliest", an ISO-8601 timestamp, or partition:offset[,…]', 'earliest')
  .option('--brokers <list>', 'bootstrap brokers (env KAFKA_BROKERS)', process.env.KAFKA_BROKERS)
  .option('--apply', 'write the offsets (the group must be stopped)', false)
  .action(async (options: { group: string; topic: string; to: string; brokers?: string; apply: boolean }) => {
    if (!options.brokers) throw new InvalidArgumentError('--brokers or KAFKA_BROKERS is required');
    const logger = createLogger({ level: 'warn' });
    process.exitCode = await runReplayCommand({ ...options, brokers: options.brokers.split(',') }, logger);
  });

program
  .command('status')
  .description('show the stored cursor (event, created_at, age), each group\'s lag per partition and dead-letter counts')
  .option('--brokers <list>', 'bootstrap brokers (env KAFKA_BROKERS)', process.env.KAFKA_BROKERS)
  .option('--registry <url>', 'schema registry URL (env SCHEMA_REGISTRY_URL)', process.env.SCHEMA_REGISTRY_URL)
  .option('--connector-name <name>', 'connector name (env CONNECTOR_NAME)', process.env.CONNECTOR_NAME ?? 'workos-events')
  .option('--events-topic <name>', 'events topic (env WORKOS_EVENTS_TOPIC)', process.env.WORKOS_EVENTS_TOPIC ?? 'workos.events')
  .option('--cursor-topic <name>', 'cursor topic (env WORKOS_CURSOR_TOPIC)', process.env.WORKOS_CURSOR_TOPIC ?? 'workos.cursor')
  .option('--group <id...>', 'consumer groups to report', [DEFAULT_MIRROR_GROUP_ID, DEFAULT_NOTIFIER_GROUP_ID])
  .action(async (options: { brokers?: string; registry?: string; connectorName: string; eventsTopic: string; cursorTopic: string; group: string[] }) => {
    if (!options.brokers) throw new InvalidArgumentError('--brokers or KAFKA_BROKERS is required');
    process.exitCode = await runStatusCommand(
      { ...options, brokers: options.brokers.split(','), registryUrl: options.registry, groups: options.group },
      createLogger({ level: 'warn' }),
      (line) => process.stdout.write(`${line}\n`),
    );
  });

await program.parseAsync(process.argv).catch((error: unknown) => {
  process.stderr.write(`workos-kafka: ${error instanceof Error ? error.message : String(error)}\n`);
  if (process.env.LOG_LEVEL === 'debug' && error instanceof Error) process.stderr.write(`${error.stack}\n`);
  process.exitCode = 1;
});

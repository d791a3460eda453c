/**
 * The `workos-kafka` command line as commander declares it. Parsing only records what to run:
 * every flag, variable and `--config` entry is read once into the command's typed config, and a
 * command whose settings or options are invalid is recorded with every problem, not run.
 */
import { Command } from 'commander';
import { loadCursorResetConfig, cursorResetRequestOf } from '../connector/cursor-reset.js';
import { loadConnectorRoleConfig, runConnector } from '../connector/run-connector.js';
import { loadDirectoryMirrorRoleConfig, runDirectoryMirror } from '../consumers/directory-mirror/run-directory-mirror.js';
import { DEFAULT_MIRROR_GROUP_ID } from '../consumers/directory-mirror/mirror-consumer.js';
import { DEFAULT_NOTIFIER_GROUP_ID } from '../consumers/notifier/notifier-consumer.js';
import { loadNotifierRoleConfig, runNotifier } from '../consumers/notifier/run-notifier.js';
import { runResetCursor } from '../connector/run-reset-cursor.js';
import { checkAll, configurationError } from '../core/env-config.js';
import type { RoleContext } from '../core/role-context.js';
import type { CommandName } from '../core/settings/setting.js';
import { COMMANDS, commandEntry, type CommandEntry } from './command-catalogue.js';
import { loadDlqConfig, runDlq } from './dlq-command.js';
import { loadEmbeddedConfig, runEmbedded } from './embedded.js';
import { loadEffectsConfig, runEffects } from './effects-command.js';
import { EXIT_CODE_CONTRACT } from './exit-codes.js';
import { loadReplayConfig, runReplay } from './replay-command.js';
import { addSettingOptions, readSettingValues, type Environment } from './setting-options.js';
import { loadReconcileConfig, runReconcile } from './reconcile-command.js';
import { loadSnapshotConfig, runSnapshotCommand } from './snapshot-command.js';
import { loadStatusConfig, runStatus } from './status-command.js';

/** Where the program reads settings from and writes to. */
export interface ProgramIo {
  readonly env: Environment;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** What a command line came to: a command ready to run, or one whose input is invalid. */
export type ParsedCommandLine =
  | { readonly kind: 'run'; readonly command: CommandName; run(context: RoleContext): Promise<unknown> }
  | { readonly kind: 'invalid'; readonly command: Command; readonly error: unknown };

/**
 * The settings of `entry` read from `options`, the environment and `--config`, handed to `load`
 * (which validates them, with the command's own options); one `CONFIG_INVALID` lists every
 * problem of the file, the settings and the options.
 */
function parseCommand<T>(entry: CommandEntry, options: Record<string, unknown>, env: Environment, load: (values: Record<string, string>) => T): T {
  const { values, problems } = readSettingValues(options, entry.settings, env, entry);
  const [, config] = checkAll(entry.name, [
    () => {
      if (problems.length > 0) throw configurationError(entry.name, problems);
    },
    () => load({ ...values }),
  ]);
  return config;
}

/**
 * Builds the program; `record` receives what the parsed command line asks for. `commands` gives
 * each command's settings (the docs test passes a changed copy).
 */
export function createProgram(io: ProgramIo, record: (parsed: ParsedCommandLine) => void, commands: readonly CommandEntry[] = COMMANDS): Command {
  const program = new Command('workos-kafka')
    .description('WorkOS Events API → Kafka, exactly once; replay-safe consumers on top')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    // Commander reports usage errors and help through CommanderError; the caller maps them to exit codes.
    .exitOverride()
    .showHelpAfterError('(add --help for every option)')
    .addHelpText('after', `\n${EXIT_CODE_CONTRACT}`);

  /**
   * Declares `name`: its own options (`own`), then its settings; its action parses both with
   * `load` and records `run`.
   */
  const command = <T>(
    name: CommandName,
    own: (sub: Command) => void,
    load: (values: Record<string, string>, options: Record<string, unknown>) => T,
    run: (config: T, context: RoleContext) => Promise<unknown>,
  ): void => {
    const entry = commandEntry(name, commands);
    const sub = program.command(name, { isDefault: name === 'embedded' }).description(entry.description);
    own(sub);
    addSettingOptions(sub, name, entry.settings, entry);
    sub.action((options: Record<string, unknown>, self: Command) => {
      try {
        const config = parseCommand(entry, options, io.env, (values) => load(values, options));
        record({ kind: 'run', command: name, run: (context) => run(config, context) });
      } catch (error) {
        record({ kind: 'invalid', command: self, error });
      }
    });
  };
  const none = (): void => undefined;

  command(
    'embedded',
    (sub) =>
      sub
        .option('--organizations <n>', 'organizations in the emulated WorkOS world', '20')
        .option('--history-events <n>', 'events of history over the last 7 days', '5000')
        .option('--live-rate <n>', 'new events per second while running', '5')
        .option('--seed <n>', 'seed of the emulated world', '1')
        .option('--duration <seconds>', 'stop by itself after this many seconds (0 = until Ctrl-C)', '0')
        .option('--progress-interval <seconds>', 'seconds between progress lines', '2'),
    (values, options) =>
      loadEmbeddedConfig(values, {
        organizations: String(options.organizations),
        historyEvents: String(options.historyEvents),
        liveRate: String(options.liveRate),
        seed: String(options.seed),
        duration: String(options.duration),
        progressInterval: String(options.progressInterval),
      }),
    runEmbedded,
  );

  command('connector', none, (values) => loadConnectorRoleConfig(values), runConnector);
  command('directory-mirror', none, (values) => loadDirectoryMirrorRoleConfig(values), runDirectoryMirror);
  command('notifier', none, (values) => loadNotifierRoleConfig(values), runNotifier);

  command(
    'reset-cursor',
    (sub) =>
      sub
        .usage('(--to-event <event_id> [--created-at <ISO-8601>] | --to-time <ISO-8601>) [--apply] [settings]')
        .option('--to-event <event_id>', 'resume after this event (the next page starts with the event that follows it)')
        .option('--created-at <ISO-8601>', "that event's created_at, kept for lag and retention alerts (default: read from the id's ULID time when it has one)")
        .option('--to-time <ISO-8601>', 'resume with the first event at or after this instant (re-publishes what follows)')
        .option('--apply', 'write the new cursor; without it nothing is written (dry run)', false),
    (values, options) => {
      const [settings, request] = checkAll('reset-cursor', [
        () => loadCursorResetConfig(values),
        () =>
          cursorResetRequestOf({
            ...(typeof options.toEvent === 'string' ? { toEvent: options.toEvent } : {}),
            ...(typeof options.toTime === 'string' ? { toTime: options.toTime } : {}),
            ...(typeof options.createdAt === 'string' ? { createdAt: options.createdAt } : {}),
            apply: options.apply === true,
          }),
      ]);
      return { ...settings, request };
    },
    runResetCursor,
  );

  command(
    'replay',
    (sub) =>
      sub
        .requiredOption('--group <id>', 'consumer group id, e.g. workos-directory-mirror')
        .option('--to <target>', '"earliest", an ISO-8601 timestamp, or partition:offset[,…]', 'earliest')
        .option('--apply', 'write the offsets (the group must be stopped)', false),
    (values, options) => loadReplayConfig(values, { group: String(options.group), to: String(options.to), apply: options.apply === true }),
    runReplay,
  );

  command(
    'reconcile',
    (sub) =>
      sub
        .option('--json', 'print the drift as one JSON document', false)
        .option('--repair', 'ask the running connector for a snapshot of each drifting scope (needs KAFKA_BROKERS)', false)
        .option('--interval <seconds>', 'run again every this many seconds, serving the drift as metrics (0 = once)', '0'),
    (values, options) => loadReconcileConfig(values, { json: options.json === true, repair: options.repair === true, interval: String(options.interval) }),
    runReconcile,
  );

  command(
    'snapshot',
    (sub) =>
      sub
        .option('--organization <id>', 'only this organization (its directories, users, groups, memberships and connections)')
        .option('--wait', 'follow the stored cursor until the snapshot is complete', false),
    (values, options) =>
      loadSnapshotConfig(values, { ...(typeof options.organization === 'string' ? { organization: options.organization } : {}), wait: options.wait === true }),
    runSnapshotCommand,
  );

  command(
    'status',
    (sub) =>
      sub
        .option('--group <id...>', 'consumer groups to report', [DEFAULT_MIRROR_GROUP_ID, DEFAULT_NOTIFIER_GROUP_ID])
        .option('--json', 'print the same as one JSON document, for scripts', false),
    (values, options) => loadStatusConfig(values, Array.isArray(options.group) ? options.group.map(String) : [], options.json === true),
    runStatus,
  );

  command(
    'dlq',
    (sub) =>
      sub
        .requiredOption('--group <id>', 'consumer group id, e.g. workos-directory-mirror')
        .option('--json', 'print one JSON document', false)
        .option('--event <id>', 'only the dead letter(s) of this event id (repeatable)', (id: string, ids: string[] | undefined) => [...(ids ?? []), id])
        .option('--reason <code or text>', 'only dead letters with this error code, or whose error contains this text (any case)')
        .option('--redrive', 'send the (selected) dead letters back to this group only, through <group>.redrive', false)
        .option('--again', 'with --redrive: also dead letters redriven before', false)
        .option('--apply', 'with --redrive: send them; without it nothing is sent (dry run)', false),
    (values, options) =>
      loadDlqConfig(values, {
        group: String(options.group),
        json: options.json === true,
        redrive: options.redrive === true,
        apply: options.apply === true,
        again: options.again === true,
        event: Array.isArray(options.event) ? options.event.map(String) : [],
        ...(typeof options.reason === 'string' ? { reason: options.reason } : {}),
      }),
    runDlq,
  );

  command(
    'effects',
    (sub) =>
      sub
        .option('--release', 'forget the claim of the selected effects: the next delivery or replay of their events may send them', false)
        .option('--retry', 'send the selected effects again now, with their stored request and the same idempotency key', false)
        .option('--event <id>', 'select the effects of this event id (repeatable)', (id: string, ids: string[] | undefined) => [...(ids ?? []), id])
        .option('--effect <name>', 'select this effect, e.g. deprovision-call (repeatable)', (name: string, names: string[] | undefined) => [...(names ?? []), name])
        .option('--all', 'select every effect in doubt or failed', false)
        .option('--apply', 'with --release or --retry: act; without it nothing changes (dry run)', false)
        .option('--json', 'print one JSON document', false),
    (values, options) =>
      loadEffectsConfig(values, {
        release: options.release === true,
        retry: options.retry === true,
        event: Array.isArray(options.event) ? options.event.map(String) : [],
        effect: Array.isArray(options.effect) ? options.effect.map(String) : [],
        all: options.all === true,
        apply: options.apply === true,
        json: options.json === true,
      }),
    runEffects,
  );

  return program;
}

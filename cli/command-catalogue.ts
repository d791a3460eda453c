/**
 * Every `workos-kafka` command with what it is for and the settings it reads, in the order help
 * and docs list them. The program and the docs generator both read this list.
 */
import { CURSOR_RESET_SETTINGS } from '../connector/cursor-reset.js';
import { CONNECTOR_ROLE_SETTINGS } from '../connector/run-connector.js';
import { DIRECTORY_MIRROR_ROLE_SETTINGS } from '../consumers/directory-mirror/run-directory-mirror.js';
import { NOTIFIER_ROLE_SETTINGS } from '../consumers/notifier/run-notifier.js';
import type { AnySetting, CommandName } from '../core/settings/setting.js';
import { DLQ_SETTINGS } from './dlq-command.js';
import { EFFECTS_SETTINGS } from './effects-command.js';
import { EMBEDDED_SETTINGS } from './embedded.js';
import { REPLAY_SETTING_ALIASES, REPLAY_SETTINGS } from './replay-command.js';
import { MIRROR_SETTINGS } from '../consumers/directory-mirror/mirror-config.js';
import { NOTIFIER_SETTINGS } from '../consumers/notifier/notifier-config.js';
import type { SettingAliases } from './setting-options.js';
import { RECONCILE_COMMAND_SETTINGS } from './reconcile-command.js';
import { SNAPSHOT_SETTINGS } from './snapshot-command.js';
import { STATUS_SETTING_ALIASES, STATUS_SETTINGS } from './status-command.js';

/** One command as help and the docs describe it. */
export interface CommandEntry {
  readonly name: CommandName;
  readonly description: string;
  readonly settings: readonly AnySetting[];
  readonly aliases: SettingAliases;
  /** Accepted as flags and `--config` keys but not read (see `SettingFlagExtras`). */
  readonly ignored: readonly AnySetting[];
}

/** `a`'s settings that `b` lacks. */
function onlyIn(a: readonly AnySetting[], b: readonly AnySetting[]): readonly AnySetting[] {
  return a.filter((setting) => !b.includes(setting));
}

export const COMMANDS: readonly CommandEntry[] = [
  {
    name: 'embedded',
    description: 'run everything locally: Kafka, schema registry, WorkOS emulator, connector, directory mirror, notifier (the default command)',
    settings: EMBEDDED_SETTINGS,
    aliases: {},
    ignored: [],
  },
  {
    name: 'connector',
    description: 'run the source connector: WorkOS /events → Kafka, exactly once (every option also reads its env var)',
    settings: CONNECTOR_ROLE_SETTINGS,
    aliases: {},
    ignored: [],
  },
  {
    name: 'directory-mirror',
    description: 'run the directory mirror consumer group (state in SQLite or PostgreSQL)',
    settings: DIRECTORY_MIRROR_ROLE_SETTINGS,
    aliases: {},
    // The consumers have always taken each other's flags, so one settings file serves both.
    ignored: onlyIn(NOTIFIER_SETTINGS, MIRROR_SETTINGS),
  },
  {
    name: 'notifier',
    description: 'run the notifier consumer group (side effects, each at most once per event)',
    settings: NOTIFIER_ROLE_SETTINGS,
    aliases: {},
    ignored: onlyIn(MIRROR_SETTINGS, NOTIFIER_SETTINGS),
  },
  {
    name: 'reset-cursor',
    description: 'set the stored cursor to an event id or a timestamp (dry run unless --apply); see README "Lost cursor"',
    settings: CURSOR_RESET_SETTINGS,
    aliases: {},
    ignored: [],
  },
  {
    name: 'replay',
    description: 'move a consumer group back to replay history from Kafka (dry run unless --apply)',
    settings: REPLAY_SETTINGS,
    aliases: REPLAY_SETTING_ALIASES,
    ignored: [],
  },
  {
    name: 'reconcile',
    description:
      'compare the directory mirror with WorkOS state and report missing, extra and stale rows per entity type and organization; changes nothing unless --repair, which requests snapshots of the drifting scopes',
    settings: RECONCILE_COMMAND_SETTINGS,
    aliases: {},
    ignored: [],
  },
  {
    name: 'snapshot',
    description: 'ask the running connector for a snapshot of WorkOS state (everything, or --organization); --wait follows it to completion',
    settings: SNAPSHOT_SETTINGS,
    aliases: {},
    ignored: [],
  },
  {
    name: 'status',
    description: "show the stored cursor (event, created_at, age), each group's lag per partition and dead-letter counts",
    settings: STATUS_SETTINGS,
    aliases: STATUS_SETTING_ALIASES,
    ignored: [],
  },
  {
    name: 'dlq',
    description: "list a consumer group's dead letters with their reasons; --redrive sends them back to that group only, through <group>.redrive (dry run unless --apply)",
    settings: DLQ_SETTINGS,
    aliases: {},
    ignored: [],
  },
  {
    name: 'effects',
    description: "list the notifier's effects in doubt (claimed, no outcome recorded) or failed, from its ledger; --release or --retry selected ones (dry run unless --apply)",
    settings: EFFECTS_SETTINGS,
    aliases: {},
    ignored: [],
  },
];

/** The entry of `name` in `commands`. */
export function commandEntry(name: CommandName, commands: readonly CommandEntry[] = COMMANDS): CommandEntry {
  const entry = commands.find((command) => command.name === name);
  if (entry === undefined) throw new Error(`no command ${name}`);
  return entry;
}

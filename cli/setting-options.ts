/**
 * Declared settings as commander options: one `--flag <value>` per setting (named after its
 * variable), `--config <file>` for a JSON file keyed by variable, and the precedence between
 * them: the file, then the environment, then flags.
 */
import { readFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { AnySetting, CommandName } from '../core/settings/setting.js';

/** Extra flags a command accepts for a setting (e.g. `status --brokers`), older than the flags named after variables. */
export type SettingAliases = Readonly<Record<string, readonly string[]>>;

/** The environment a command reads. */
export type Environment = Readonly<Record<string, string | undefined>>;

/** `--poll-interval-ms <ms>`: the unit names the value where there is one. */
function optionSyntax(flag: string, setting: AnySetting): string {
  return `${flag} <${setting.unit ?? 'value'}>`;
}

/** The default as `--help` and the docs show it, e.g. `5000 ms`; undefined when there is none. */
export function defaultDescription(setting: AnySetting, command: CommandName): string | undefined {
  if (setting.defaultText !== undefined) return setting.defaultText;
  const fallback = setting.defaultFor(command);
  if (fallback === undefined || fallback === '') return undefined;
  return setting.unit === undefined ? fallback : `${fallback} ${setting.unit}`;
}

/** The `--help` line of a setting: what it does, then `[env VARIABLE; default …]`. */
export function settingDescription(setting: AnySetting, command: CommandName): string {
  const secret = setting.secret === true ? '; prefer the environment variable, flags show in ps' : '';
  const fallback = defaultDescription(setting, command);
  const tail = setting.required !== undefined ? '; required' : fallback === undefined ? '' : `; default ${fallback}`;
  return `${setting.help}${secret} [env ${setting.env}${tail}]`;
}

/** The flags of a command's settings beyond the settings themselves. */
export interface SettingFlagExtras {
  readonly aliases?: SettingAliases;
  /**
   * Settings the command accepts as flags and `--config` keys but does not read (hidden from
   * `--help`), so one settings file or flag set can serve several commands.
   */
  readonly ignored?: readonly AnySetting[];
}

/** Adds `--config <file>` and every setting's flag (and aliases, and hidden ignored ones) to `command`. */
export function addSettingOptions(command: Command, name: CommandName, settings: readonly AnySetting[], extras: SettingFlagExtras = {}): Command {
  command.option('--config <file>', 'JSON file of settings keyed by environment variable name (the environment and flags win over it)');
  for (const setting of settings) {
    command.addOption(new Option(optionSyntax(setting.flag, setting), settingDescription(setting, name)));
    for (const alias of extras.aliases?.[setting.env] ?? []) command.addOption(new Option(optionSyntax(alias, setting), `same as ${setting.flag}`));
  }
  for (const setting of extras.ignored ?? []) command.addOption(new Option(optionSyntax(setting.flag, setting), `not read by ${name}`).hideHelp());
  return command;
}

/** What commander stores a flag's value under (`--kafka-brokers` → `kafkaBrokers`). */
function attributeOf(flag: string): string {
  return new Option(`${flag} <value>`).attributeName();
}

/** The settings' text values, with the problems found reading the config file. */
export interface SettingValues {
  readonly values: Readonly<Record<string, string>>;
  readonly problems: readonly string[];
}

/**
 * The values a command runs with: the `--config` file, then the environment, then flags (a
 * setting's own flag wins over an alias), each overriding the one before. Validation is left to
 * the command's schema, so it can report every problem at once; so are the file's problems.
 */
export function readSettingValues(options: Readonly<Record<string, unknown>>, settings: readonly AnySetting[], env: Environment, extras: SettingFlagExtras = {}): SettingValues {
  const values: Record<string, string> = {};
  const problems: string[] = [];
  if (typeof options.config === 'string') readConfigFile(options.config, settings, extras.ignored ?? [], values, problems);
  for (const setting of settings) {
    const fromEnv = env[setting.env];
    if (fromEnv !== undefined && fromEnv !== '') values[setting.env] = fromEnv;
    const flags = [...(extras.aliases?.[setting.env] ?? []), setting.flag];
    for (const flag of flags) {
      const fromFlag = options[attributeOf(flag)];
      if (typeof fromFlag === 'string') values[setting.env] = fromFlag;
    }
  }
  return { values, problems };
}

function readConfigFile(path: string, settings: readonly AnySetting[], ignored: readonly AnySetting[], values: Record<string, string>, problems: string[]): void {
  let file: unknown;
  try {
    file = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    problems.push(`--config ${path}: ${(error as Error).message}`);
    return;
  }
  if (typeof file !== 'object' || file === null || Array.isArray(file)) {
    problems.push(`--config ${path}: expected a JSON object of settings`);
    return;
  }
  const known = new Set(settings.map((setting) => setting.env));
  const skipped = new Set(ignored.map((setting) => setting.env));
  for (const [key, value] of Object.entries(file)) {
    if (skipped.has(key)) continue;
    if (!known.has(key)) problems.push(`--config ${path}: unknown setting "${key}" (known: ${[...known].join(', ')})`);
    else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') values[key] = String(value);
    else problems.push(`--config ${path}: ${key} must be a string, number or boolean`);
  }
}

/**
 * A setting is declared once, with everything the product says about it: its environment
 * variable (also its key in the parsed config and in a `--config` file), its flag, its default,
 * its unit and its help. Validation, `--help`, the README tables and `docs/configuration.md` are
 * all derived from these declarations, so they cannot disagree.
 */
import { z } from 'zod';

/** Every command of `workos-kafka`; a setting's default may depend on the command (e.g. `METRICS_PORT`). */
export const COMMAND_NAMES = ['connector', 'directory-mirror', 'notifier', 'reset-cursor', 'status', 'replay', 'reconcile', 'snapshot', 'embedded', 'dlq', 'effects'] as const;

/** One of {@link COMMAND_NAMES}. */
export type CommandName = (typeof COMMAND_NAMES)[number];

/**
 * A default as it would be written in the environment, so it goes through the same check as any
 * value; either one for every command or one per command that reads the setting.
 */
export type SettingDefault = string | Readonly<Partial<Record<CommandName, string>>>;

/** Headings the docs list settings under, in this order. */
export const SETTING_GROUPS = ['WorkOS', 'Connector', 'Kafka', 'Kafka security', 'Topics', 'Consumers', 'Directory mirror', 'Notifier', 'Metrics', 'Commands', 'Logging'] as const;

/** One of {@link SETTING_GROUPS}. */
export type SettingGroup = (typeof SETTING_GROUPS)[number];

interface SettingFields<Env extends string> {
  /** The environment variable; also the key in the parsed config and in a `--config` file. */
  readonly env: Env;
  readonly group: SettingGroup;
  /** What it does, in one line, without unit or default (both are rendered from their own fields). */
  readonly help: string;
  /** The unit of a number (`ms`, `days`, …): shown in the help, the docs and as the flag's value name. */
  readonly unit?: string;
  /** Shown in place of a literal default when the default is computed (e.g. "every event name the SDK knows"). */
  readonly defaultText?: string;
  /** A secret: `--help` recommends the environment over the flag, which `ps` shows. */
  readonly secret?: boolean;
}

/** What {@link defineSetting} takes. */
export interface SettingSpec<Env extends string, T extends z.ZodType> extends SettingFields<Env> {
  /** Checks and converts the text of the value. */
  readonly type: T;
  readonly default?: SettingDefault;
  /** For a setting that must be given: what to give, shown in the "is required" message. */
  readonly required?: string;
}

/** A declared setting. `S` is the schema a command validates it with (default or optionality applied). */
export interface Setting<Env extends string = string, S extends z.ZodType = z.ZodType> extends SettingFields<Env> {
  /** `POLL_INTERVAL_MS` → `--poll-interval-ms`. */
  readonly flag: string;
  readonly default: SettingDefault | undefined;
  readonly required: string | undefined;
  /** The default `command` uses, as written; undefined when it has none. */
  defaultFor(command?: CommandName): string | undefined;
  /**
   * The schema for `command` (any command when omitted). Throws when the setting has per-command
   * defaults but none for `command`: a command must not read such a setting without one.
   */
  schemaFor(command?: CommandName): S;
}

/** Any declared setting. */
export type AnySetting = Setting<string, z.ZodType>;

/** `POLL_INTERVAL_MS` → `--poll-interval-ms`. */
export function flagFor(env: string): string {
  return `--${env.toLowerCase().replaceAll('_', '-')}`;
}

/** Declares a setting with a default: its value is never undefined. */
export function defineSetting<const Env extends string, T extends z.ZodType>(spec: SettingSpec<Env, T> & { readonly default: SettingDefault }): Setting<Env, z.ZodPrefault<T>>;
/** Declares a setting that must be given. */
export function defineSetting<const Env extends string, T extends z.ZodType>(spec: SettingSpec<Env, T> & { readonly required: string }): Setting<Env, z.ZodPipe<z.ZodString, T>>;
/** Declares an optional setting: undefined when not given. */
export function defineSetting<const Env extends string, T extends z.ZodType>(spec: SettingSpec<Env, T>): Setting<Env, z.ZodOptional<T>>;
export function defineSetting<const Env extends string, T extends z.ZodType>(spec: SettingSpec<Env, T>): Setting<Env, z.ZodType> {
  const defaultFor = (command?: CommandName): string | undefined =>
    typeof spec.default === 'string' ? spec.default : command === undefined ? undefined : spec.default?.[command];
  return Object.freeze({
    env: spec.env,
    group: spec.group,
    help: spec.help,
    ...(spec.unit === undefined ? {} : { unit: spec.unit }),
    ...(spec.defaultText === undefined ? {} : { defaultText: spec.defaultText }),
    ...(spec.secret === undefined ? {} : { secret: spec.secret }),
    flag: flagFor(spec.env),
    default: spec.default,
    required: spec.required,
    defaultFor,
    schemaFor(command?: CommandName): z.ZodType {
      const fallback = defaultFor(command);
      // `prefault`, not `default`: the default text is parsed like a value given by hand.
      if (fallback !== undefined) return (spec.type as z.ZodType<unknown, unknown>).prefault(fallback);
      if (spec.default !== undefined) throw new Error(`${spec.env} declares no default for ${command === undefined ? 'an unnamed command' : `the ${command} command`}`);
      if (spec.required !== undefined) return requiredText(spec.required).pipe(spec.type as z.ZodType<unknown, string>);
      return spec.type.optional();
    },
  });
}

function requiredText(hint: string): z.ZodString {
  return z.string({ error: `is required (${hint})` });
}

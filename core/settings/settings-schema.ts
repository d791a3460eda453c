/**
 * A command's settings as one zod object, so every problem is found in one pass and the parsed
 * config is typed from the declarations.
 */
import { z } from 'zod';
import type { AnySetting, CommandName } from './setting.js';

/** The zod shape of `settings` for one command: each env var → its schema. */
export type SettingsShape<L extends readonly AnySetting[]> = { [S in L[number] as S['env']]: ReturnType<S['schemaFor']> };

/** The zod shape of `settings` as `command` reads them (its defaults applied). */
export function settingsShape<const L extends readonly AnySetting[]>(settings: L, command?: CommandName): SettingsShape<L> {
  const shape: Record<string, z.ZodType> = {};
  for (const setting of settings) {
    if (setting.env in shape) throw new Error(`${setting.env} is listed twice${command === undefined ? '' : ` for the ${command} command`}`);
    shape[setting.env] = setting.schemaFor(command);
  }
  return shape as SettingsShape<L>;
}

/** The object schema of `settings` as `command` reads them. */
export function settingsSchema<const L extends readonly AnySetting[]>(settings: L, command: CommandName): z.ZodObject<SettingsShape<L>> {
  return z.object(settingsShape(settings, command)) as z.ZodObject<SettingsShape<L>>;
}

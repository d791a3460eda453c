import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import type { SettingHelp } from './setting-help.js';

/** `WORKOS_API_KEY` → `--workos-api-key`. */
export function flagFor(variable: string): string {
  return `--${variable.toLowerCase().replaceAll('_', '-')}`;
}

/** `WORKOS_API_KEY` → `workosApiKey`, the key commander stores the flag under. */
function optionKey(variable: string): string {
  return variable.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
}

/**
 * Adds one `--flag <value>` per setting, with its meaning, default and environment variable in
 * `--help`, plus `--config <file>` for a JSON file of `{ "VARIABLE": "value" }`.
 */
export function addSettingOptions(command: Command, settings: Readonly<Record<string, SettingHelp>>): Command {
  command.option('--config <file>', 'JSON file of settings keyed by environment variable name (flags and env win over it)');
  for (const [variable, { help, default: fallback }] of Object.entries(settings)) {
    command.option(`${flagFor(variable)} <value>`, `${help} [env ${variable}${fallback === undefined ? '' : `; default ${fallback}`}]`);
  }
  return command;
}

/**
 * The settings a role runs with: the config file, then the environment, then flags, each
 * overriding the one before. Validation stays with the role, which reports every problem at once.
 */
export function resolveSettings(
  options: Record<string, unknown>,
  settings: Readonly<Record<string, SettingHelp>>,
  env: Record<string, string | undefined> = process.env,
): Record<string, string> {
  const resolved: Record<string, string> = {};
  if (typeof options.config === 'string') {
    const file = JSON.parse(readFileSync(options.config, 'utf8')) as unknown;
    if (typeof file !== 'object' || file === null || Array.isArray(file)) throw new Error(`${options.config}: expected a JSON object of settings`);
    for (const [key, value] of Object.entries(file)) {
      if (!(key in settings)) throw new Error(`${options.config}: unknown setting "${key}" (known: ${Object.keys(settings).join(', ')})`);
      resolved[key] = String(value);
    }
  }
  for (const variable of Object.keys(settings)) {
    const fromEnv = env[variable];
    if (fromEnv !== undefined && fromEnv !== '') resolved[variable] = fromEnv;
    const fromFlag = options[optionKey(variable)];
    if (typeof fromFlag === 'string') resolved[variable] = fromFlag;
  }
  return resolved;
}

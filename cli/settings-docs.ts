/**
 * The configuration reference, rendered from the setting declarations and the program itself:
 * the README's settings region and `docs/configuration.md`. Pure functions of their inputs, so a
 * test can render with a changed declaration and see the documents go out of date.
 */
import type { Command } from 'commander';
import { SETTING_GROUPS, type AnySetting, type CommandName } from '../core/settings/setting.js';
import type { CommandEntry } from './command-catalogue.js';
import { EXIT_CODE_CONTRACT } from './exit-codes.js';

/** Markers of the generated region in README.md. */
export const README_BEGIN = '<!-- settings:begin -->';
export const README_END = '<!-- settings:end -->';

const GENERATED_NOTE = '<!-- Generated from the setting declarations by `npm run docs:generate` (cli/generate-docs.ts): edit the declarations, not this text. -->';

const SOURCES = `Every setting is an environment variable, a flag named after it (\`POLL_INTERVAL_MS\` →
\`--poll-interval-ms\`) and a key of a JSON file given with \`--config <file>\`; flags win over the
environment, which wins over the file. An empty value counts as unset. A command checks all its
settings and options before it starts and lists every problem at once.`;

/** One setting with the commands that read it. */
interface SettingUse {
  readonly setting: AnySetting;
  readonly commands: readonly CommandName[];
}

/** Every declared setting once, in declaration order within its group, with who reads it. */
function settingUses(commands: readonly CommandEntry[]): Map<string, SettingUse> {
  const uses = new Map<string, { setting: AnySetting; commands: CommandName[] }>();
  for (const command of commands) {
    for (const setting of command.settings) {
      const use = uses.get(setting.env) ?? { setting, commands: [] };
      if (use.setting !== setting) throw new Error(`${setting.env} is declared twice (commands ${use.commands.join(', ')} and ${command.name})`);
      use.commands.push(command.name);
      uses.set(setting.env, use);
    }
  }
  return uses;
}

const code = (text: string): string => `\`${text}\``;
// Pipes would end the cell and a bare <word> would be read as HTML.
const cell = (text: string): string => text.replaceAll('|', '\\|').replaceAll('<', '&lt;');

/** The default cell: one value, or each value with the commands that use it; `required` or `–` when there is none. */
function defaultCell(use: SettingUse): string {
  const { setting } = use;
  if (setting.required !== undefined) return 'required';
  if (setting.defaultText !== undefined) return cell(setting.defaultText);
  const byValue = new Map<string, CommandName[]>();
  for (const command of use.commands) {
    const value = setting.defaultFor(command);
    const shown = value === undefined || value === '' ? '–' : `${code(value)}${setting.unit === undefined ? '' : ` ${setting.unit}`}`;
    byValue.set(shown, [...(byValue.get(shown) ?? []), command]);
  }
  if (byValue.size === 1) return [...byValue.keys()][0] as string;
  return [...byValue.entries()].map(([shown, names]) => `${shown} (${names.join(', ')})`).join(', ');
}

function meaningCell(setting: AnySetting): string {
  return cell(setting.secret === true ? `${setting.help}; prefer the environment variable to the flag` : setting.help);
}

/** Tables of every setting by group: variable, default, meaning, the commands that read it. */
export function renderSettingTables(commands: readonly CommandEntry[], heading: string): string {
  const uses = [...settingUses(commands).values()];
  const sections: string[] = [];
  for (const group of SETTING_GROUPS) {
    const rows = uses.filter((use) => use.setting.group === group);
    if (rows.length === 0) continue;
    sections.push(
      [
        `${heading} ${group}`,
        '| variable | default | meaning | read by |',
        '| --- | --- | --- | --- |',
        ...rows.map((use) => `| ${code(use.setting.env)} | ${defaultCell(use)} | ${meaningCell(use.setting)} | ${use.commands.join(', ')} |`),
      ].join('\n'),
    );
  }
  return sections.join('\n\n');
}

/** The README region between the markers (markers excluded). */
export function renderReadmeRegion(commands: readonly CommandEntry[]): string {
  return [
    GENERATED_NOTE,
    SOURCES,
    `\`\`\`text\n${EXIT_CODE_CONTRACT}\n\`\`\``,
    'Each command\'s flags, with their defaults for that command, are in `workos-kafka <command> --help` and [docs/configuration.md](docs/configuration.md).',
    renderSettingTables(commands, '####'),
  ].join('\n\n');
}

/** `readme` with its settings region replaced by `region`; throws when the markers are missing. */
export function withReadmeRegion(readme: string, region: string): string {
  const begin = readme.indexOf(README_BEGIN);
  const end = readme.indexOf(README_END);
  if (begin < 0 || end < begin) throw new Error(`README.md has no ${README_BEGIN} … ${README_END} region`);
  return `${readme.slice(0, begin + README_BEGIN.length)}\n${region}\n${readme.slice(end)}`;
}

/** Every option of one command as its `--help` lists it. */
function optionTable(command: Command): string {
  const rows = command.options.filter((option) => !option.hidden).map((option) => `| ${code(option.flags)} | ${cell(option.description)}${option.defaultValue === undefined || option.defaultValue === false ? '' : ` (default ${cell(JSON.stringify(option.defaultValue))})`} |`);
  return ['| option | meaning |', '| --- | --- |', ...rows].join('\n');
}

/** `docs/configuration.md`: sources, exit codes, every setting, and every command's options. */
export function renderConfigurationDoc(commands: readonly CommandEntry[], program: Command): string {
  const sections = commands.map((entry) => {
    const command = program.commands.find((candidate) => candidate.name() === entry.name);
    if (command === undefined) throw new Error(`the program has no ${entry.name} command`);
    const ignored =
      entry.ignored.length === 0
        ? []
        : [`Also accepts, and ignores, ${entry.ignored.map((setting) => code(setting.flag)).join(', ')} (and those keys in \`--config\`), so one settings file serves both consumers.`];
    return [`### \`workos-kafka ${entry.name}\``, entry.description, optionTable(command), ...ignored].join('\n\n');
  });
  return `${[
    '# Configuration',
    GENERATED_NOTE,
    SOURCES,
    '## Exit codes',
    `\`\`\`text\n${EXIT_CODE_CONTRACT}\n\`\`\``,
    '## Settings',
    renderSettingTables(commands, '###'),
    '## Commands',
    'Each command\'s own options, then its settings as flags (`[env …; default …]` names the variable and the default that command uses).',
    ...sections,
  ].join('\n\n')}\n`;
}

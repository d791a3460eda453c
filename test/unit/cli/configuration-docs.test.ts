import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS, type CommandEntry } from '../../../cli/command-catalogue.js';
import { CONFIGURATION_DOC_PATH, expectedDocs, packageRoot, README_PATH } from '../../../cli/docs-files.js';
import { defineSetting, type AnySetting } from '../../../core/settings/setting.js';
import { positiveInteger } from '../../../core/config-values.js';

const root = packageRoot(import.meta.url);
const readme = readFileSync(join(root, README_PATH), 'utf8');
const configurationDoc = readFileSync(join(root, CONFIGURATION_DOC_PATH), 'utf8');

/** The catalogue with POLL_INTERVAL_MS declared with another default. */
function withPollIntervalDefault(value: string): readonly CommandEntry[] {
  const original = COMMANDS.flatMap((entry) => entry.settings).find((setting) => setting.env === 'POLL_INTERVAL_MS') as AnySetting;
  const changed = defineSetting({ env: original.env, group: original.group, help: original.help, unit: 'ms', type: positiveInteger, default: value });
  return COMMANDS.map((entry) => ({ ...entry, settings: entry.settings.map((setting) => (setting === original ? changed : setting)) }));
}

describe('configuration docs (regenerate with `npm run docs:generate`)', () => {
  it('the README settings region and docs/configuration.md are what the declarations render', () => {
    const expected = expectedDocs(readme);
    expect(readme, 'README.md is out of date: run npm run docs:generate').toBe(expected.readme);
    expect(configurationDoc, 'docs/configuration.md is out of date: run npm run docs:generate').toBe(expected.configuration);
  });

  it('would go out of date if a default changed without regenerating', () => {
    const expected = expectedDocs(readme, withPollIntervalDefault('6000'));
    expect(readme).toContain('| `POLL_INTERVAL_MS` | `5000` ms |');
    expect(expected.readme).toContain('| `POLL_INTERVAL_MS` | `6000` ms |');
    expect(expected.readme).not.toBe(readme);
    expect(expected.configuration).not.toBe(configurationDoc);
    expect(expected.configuration).toContain('[env POLL_INTERVAL_MS; default 6000 ms]');
  });

  it('keeps everything outside the markers as it is', () => {
    const expected = expectedDocs(readme).readme;
    const outside = (text: string): string => text.replace(/<!-- settings:begin -->[\s\S]*<!-- settings:end -->/, '');
    expect(outside(expected)).toBe(outside(readme));
  });
});

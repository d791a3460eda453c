import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { positiveInteger } from '../../../core/config-values.js';
import { defineSetting } from '../../../core/settings/setting.js';
import { addSettingOptions, readSettingValues, settingDescription } from '../../../cli/setting-options.js';

const INTERVAL = defineSetting({ env: 'POLL_INTERVAL_MS', group: 'Connector', help: 'longest wait', unit: 'ms', type: positiveInteger, default: '5000' });
const BROKERS = defineSetting({ env: 'KAFKA_BROKERS', group: 'Kafka', help: 'brokers', type: positiveInteger, required: 'host:port' });
const NAME = defineSetting({ env: 'CONNECTOR_NAME', group: 'Connector', help: 'name', type: positiveInteger, default: 'x' });
const OTHER_ROLE = defineSetting({ env: 'NOTIFIER_GROUP_ID', group: 'Notifier', help: 'group', type: positiveInteger, default: '1' });
const SETTINGS = [INTERVAL, BROKERS, NAME];
const EXTRAS = { aliases: { KAFKA_BROKERS: ['--brokers'] }, ignored: [OTHER_ROLE] };

function parsed(argv: string[]): Record<string, unknown> {
  const command = addSettingOptions(new Command('test').exitOverride(), 'connector', SETTINGS, EXTRAS);
  command.parse(argv, { from: 'user' });
  return command.opts();
}

function configFile(content: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'setting-options-')), 'settings.json');
  writeFileSync(file, content);
  return file;
}

describe('settings as flags', () => {
  it('describe each setting with its variable, default and unit, or that it is required', () => {
    expect(settingDescription(INTERVAL, 'connector')).toBe('longest wait [env POLL_INTERVAL_MS; default 5000 ms]');
    expect(settingDescription(BROKERS, 'connector')).toBe('brokers [env KAFKA_BROKERS; required]');
  });

  it('take the config file, then the environment, then flags, each over the one before', () => {
    const file = configFile(JSON.stringify({ POLL_INTERVAL_MS: 1, CONNECTOR_NAME: 'from-file', KAFKA_BROKERS: 'from-file' }));
    const { values, problems } = readSettingValues(parsed(['--config', file, '--poll-interval-ms', '250']), SETTINGS, {
      POLL_INTERVAL_MS: '5000',
      CONNECTOR_NAME: 'from-env',
      OTHER: 'ignored',
    });
    expect(problems).toEqual([]);
    expect(values).toEqual({ POLL_INTERVAL_MS: '250', CONNECTOR_NAME: 'from-env', KAFKA_BROKERS: 'from-file' });
  });

  it('read an alias, with the flag named after the variable winning over it', () => {
    expect(readSettingValues(parsed(['--brokers', 'a:1']), SETTINGS, {}, EXTRAS).values).toEqual({ KAFKA_BROKERS: 'a:1' });
    expect(readSettingValues(parsed(['--kafka-brokers', 'b:2', '--brokers', 'a:1']), SETTINGS, {}, EXTRAS).values).toEqual({ KAFKA_BROKERS: 'b:2' });
  });

  it("accept another command's settings it is told to ignore, as flags and config keys, without reading them", () => {
    const file = configFile(JSON.stringify({ NOTIFIER_GROUP_ID: 'n', CONNECTOR_NAME: 'c' }));
    expect(readSettingValues(parsed(['--config', file, '--notifier-group-id', 'x']), SETTINGS, { NOTIFIER_GROUP_ID: 'y' }, EXTRAS)).toEqual({
      values: { CONNECTOR_NAME: 'c' },
      problems: [],
    });
    expect(readSettingValues(parsed(['--config', file]), SETTINGS, {}).problems).toEqual([expect.stringContaining('unknown setting "NOTIFIER_GROUP_ID"')]);
  });

  it('report every problem of a config file instead of stopping at the first', () => {
    const file = configFile(JSON.stringify({ KAFKA_BROKER: 'x:1', POLL_INTERVAL_MS: { ms: 1 }, CONNECTOR_NAME: 'ok' }));
    const { values, problems } = readSettingValues(parsed(['--config', file]), SETTINGS, {});
    expect(values).toEqual({ CONNECTOR_NAME: 'ok' });
    expect(problems).toEqual([expect.stringContaining('unknown setting "KAFKA_BROKER"'), expect.stringContaining('POLL_INTERVAL_MS must be a string, number or boolean')]);
    expect(readSettingValues(parsed(['--config', configFile('[1]')]), SETTINGS, {}).problems).toEqual([expect.stringContaining('expected a JSON object')]);
    expect(readSettingValues(parsed(['--config', '/nonexistent/settings.json']), SETTINGS, {}).problems).toEqual([expect.stringContaining('ENOENT')]);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { positiveInteger } from '../../../core/config-values.js';
import { settingsSchema } from '../../../core/settings/settings-schema.js';
import { defineSetting, flagFor } from '../../../core/settings/setting.js';

describe('setting declarations', () => {
  const interval = defineSetting({ env: 'POLL_INTERVAL_MS', group: 'Connector', help: 'wait', unit: 'ms', type: positiveInteger, default: '5000' });

  it('name the flag after the variable', () => {
    expect(interval.flag).toBe('--poll-interval-ms');
    expect(flagFor('WORKOS_API_KEY')).toBe('--workos-api-key');
  });

  it('parse the default like any value, so a default is checked too', () => {
    expect(interval.schemaFor('connector').parse(undefined)).toBe(5000);
    expect(interval.schemaFor('connector').parse('250')).toBe(250);
    const broken = defineSetting({ env: 'X', group: 'Connector', help: 'x', type: positiveInteger, default: 'soon' });
    expect(broken.schemaFor('connector').safeParse(undefined).success).toBe(false);
  });

  it('give each command its own default where the declaration says so, and refuse a command it has none for', () => {
    const port = defineSetting({ env: 'METRICS_PORT', group: 'Metrics', help: 'port', type: positiveInteger, default: { connector: '9464', notifier: '9466' } });
    expect(port.schemaFor('notifier').parse(undefined)).toBe(9466);
    expect(port.defaultFor('connector')).toBe('9464');
    expect(() => port.schemaFor('status')).toThrow('METRICS_PORT declares no default for the status command');
  });

  it('say what to give when a required setting is missing, and leave an optional one undefined', () => {
    const key = defineSetting({ env: 'KEY', group: 'WorkOS', help: 'key', type: z.string().min(3), required: 'the secret key' });
    expect(key.schemaFor('connector').safeParse(undefined).error?.issues[0]?.message).toBe('is required (the secret key)');
    expect(key.schemaFor('connector').safeParse('ab').success).toBe(false);
    const optional = defineSetting({ env: 'ORG', group: 'WorkOS', help: 'org', type: z.string() });
    expect(optional.schemaFor('connector').parse(undefined)).toBeUndefined();
  });

  it('build one object schema per command and refuse a setting listed twice', () => {
    const schema = settingsSchema([interval], 'connector');
    expect(schema.parse({})).toEqual({ POLL_INTERVAL_MS: 5000 });
    expect(() => settingsSchema([interval, interval], 'connector')).toThrow('POLL_INTERVAL_MS is listed twice for the connector command');
  });
});

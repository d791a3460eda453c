import { describe, expect, it } from 'vitest';
import { connectorEnvSchema } from '../../../connector/config.js';
import { mirrorEnvSchema } from '../../../consumers/directory-mirror/mirror-config.js';
import { notifierEnvSchema } from '../../../consumers/notifier/notifier-config.js';
import { flagFor, resolveSettings } from '../../../cli/env-options.js';
import { CONNECTOR_SETTING_HELP, CONSUMER_SETTING_HELP } from '../../../cli/setting-help.js';

describe('CLI settings', () => {
  it('describes every variable the connector and consumer schemas read', () => {
    expect(Object.keys(connectorEnvSchema.shape).filter((key) => !(key in CONNECTOR_SETTING_HELP))).toEqual([]);
    for (const schema of [mirrorEnvSchema, notifierEnvSchema]) {
      expect(Object.keys(schema.shape).filter((key) => !(key in CONSUMER_SETTING_HELP))).toEqual([]);
    }
  });

  it('names flags after variables', () => {
    expect(flagFor('WORKOS_API_KEY')).toBe('--workos-api-key');
    expect(flagFor('POLL_INTERVAL_MS')).toBe('--poll-interval-ms');
  });

  it('lets flags override the environment', () => {
    const settings = { POLL_INTERVAL_MS: { help: '' }, CONNECTOR_NAME: { help: '' } };
    const resolved = resolveSettings({ pollIntervalMs: '250' }, settings, { POLL_INTERVAL_MS: '5000', CONNECTOR_NAME: 'from-env', OTHER: 'x' });
    expect(resolved).toEqual({ POLL_INTERVAL_MS: '250', CONNECTOR_NAME: 'from-env' });
  });
});

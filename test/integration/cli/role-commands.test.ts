import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli-process.js';

// Environment variables a developer's shell may carry; each case sets exactly what it means to.
const CLEAN = { WORKOS_API_KEY: '', KAFKA_BROKERS: '', SCHEMA_REGISTRY_URL: '', DATABASE_URL: '', METRICS_PORT: '0' };

describe('workos-kafka role commands reject a bad configuration, listing every problem at once', () => {
  it('connector: missing key, bad brokers, bad start and bad number together, exit 2', async () => {
    const { code, output } = await runCli(['connector'], {
      ...CLEAN,
      KAFKA_BROKERS: '',
      WORKOS_START: 'last tuesday',
      POLL_INTERVAL_MS: '-5',
      CONNECTOR_NAME: 'bad name!',
    });
    expect(code).toBe(2);
    for (const variable of ['WORKOS_API_KEY', 'KAFKA_BROKERS', 'WORKOS_START', 'POLL_INTERVAL_MS', 'CONNECTOR_NAME']) {
      expect(output).toContain(variable);
    }
  });

  it('directory-mirror: missing brokers and a non-postgres DATABASE_URL together, non-zero exit', async () => {
    const { code, output } = await runCli(['directory-mirror'], { ...CLEAN, DATABASE_URL: 'mysql://x', CONSUMER_CONCURRENCY: 'many' });
    expect(code).not.toBe(0);
    for (const variable of ['KAFKA_BROKERS', 'DATABASE_URL', 'CONSUMER_CONCURRENCY']) expect(output).toContain(variable);
  });

  it('notifier: missing brokers and a bad webhook URL together, non-zero exit', async () => {
    const { code, output } = await runCli(['notifier'], { ...CLEAN, NOTIFIER_WELCOME_URL: 'not a url', NOTIFIER_MAX_ATTEMPTS: '0' });
    expect(code).not.toBe(0);
    for (const variable of ['KAFKA_BROKERS', 'NOTIFIER_WELCOME_URL', 'NOTIFIER_MAX_ATTEMPTS']) expect(output).toContain(variable);
  });

  it('reset-cursor: bad arguments and bad settings together, exit 2', async () => {
    const { code, output } = await runCli(['reset-cursor', '--to-time', 'yesterday'], { ...CLEAN, KAFKA_BROKERS: 'localhost' });
    expect(code).toBe(2);
    expect(output).toContain('--to-time must be an ISO-8601 timestamp');
    expect(output).toContain('KAFKA_BROKERS: must be host:port');
  });

  it('--help lists every subcommand', async () => {
    const { code, output } = await runCli(['--help']);
    expect(code).toBe(0);
    for (const command of ['embedded', 'connector', 'reset-cursor', 'directory-mirror', 'notifier', 'replay', 'status']) expect(output).toContain(command);
  });
});

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../support/cli-process.js';

const CLEAN = { WORKOS_API_KEY: '', KAFKA_BROKERS: '', SCHEMA_REGISTRY_URL: '', METRICS_PORT: '0' };

describe('workos-kafka settings from a config file, the environment and flags', () => {
  it('connector --help shows every option with its default and environment variable', async () => {
    const { code, output } = await runCli(['connector', '--help']);
    expect(code).toBe(0);
    expect(output).toMatch(/--workos-start <value>\s+with no stored cursor: now \| earliest \| ISO-8601 timestamp\s+\[env WORKOS_START; default earliest\]/);
    expect(output).toContain('--config <file>');
    expect(output).toContain('[env KAFKA_BROKERS]');
  });

  it('reports every bad value from a config file and flags together, exit 2', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'workos-kafka-config-')), 'connector.json');
    writeFileSync(file, JSON.stringify({ KAFKA_BROKERS: '127.0.0.1:9092', WORKOS_START: 'soon', WORKOS_REQUESTS_PER_SECOND: 0 }));
    const { code, output } = await runCli(['connector', '--config', file, '--poll-interval-ms', 'often'], CLEAN);
    expect(code).toBe(2);
    for (const variable of ['WORKOS_API_KEY', 'WORKOS_START', 'WORKOS_REQUESTS_PER_SECOND', 'POLL_INTERVAL_MS']) expect(output).toContain(variable);
    expect(output).not.toContain('KAFKA_BROKERS:');
  });

  it('rejects an unknown setting in a config file by name', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'workos-kafka-config-')), 'typo.json');
    writeFileSync(file, JSON.stringify({ KAFKA_BROKER: 'x:1' }));
    const { code, output } = await runCli(['notifier', '--config', file], CLEAN);
    expect(code).not.toBe(0);
    expect(output).toContain('unknown setting "KAFKA_BROKER"');
  });
});

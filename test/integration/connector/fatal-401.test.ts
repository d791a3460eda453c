/**
 * Fatal errors stop the process with a non-zero exit and a message naming the cause, and never
 * move the cursor: a wrong API key (401) after a healthy run leaves the stored cursor exactly as
 * it was; an invalid configuration exits 2 listing every problem at once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { connectorEnv, exitOf, freshConnectorNames, runConnectorProcess, startConnector } from '../../support/connector-harness.js';
import { waitFor } from '../../support/wait-for.js';
import { readAllPublishedEvents, readStoredCursor } from './support/kafka-reads.js';

const DAY_MS = 86_400_000;
let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('connector fatal errors', () => {
  it('exits non-zero naming the 401 and leaves the stored cursor untouched', { timeout: 120_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 61 });
    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 61, organizations: 10, events: 800, start: now - 3 * DAY_MS, end: now - 2 * DAY_MS }));
    const names = freshConnectorNames();
    const env = connectorEnv(emulator, names);
    const healthy = startConnector(env);
    await waitFor(() => healthy.connector.lag.progress.eventsPublished === 800, 'the healthy run', 60_000);
    await healthy.stop();
    const before = await readStoredCursor(names);
    expect(before?.event_id).toBe(emulator.store.all()[799]?.id);

    // New events are waiting, so any run that got through would move the cursor.
    emulator.store.appendMany(generateWorld({ seed: 62, organizations: 5, events: 200, start: now - DAY_MS, end: now - 60_000 }));
    const unauthorized = emulator.stats.count(401);
    const child = runConnectorProcess({ ...env, WORKOS_API_KEY: 'sk_test_not_the_right_key' });
    expect(await exitOf(child)).toBe(1);
    expect(child.output()).toMatch(/WORKOS_AUTH_FAILED/);
    expect(child.output()).toMatch(/rejected the API key \(401\).*WORKOS_API_KEY/);
    // Fatal means no retries: one request, one 401.
    expect(emulator.stats.count(401) - unauthorized).toBe(1);

    expect(await readStoredCursor(names)).toEqual(before);
    expect(await readAllPublishedEvents(names.eventsTopic)).toHaveLength(800);
  });

  it('exits 2 on an invalid configuration, listing every problem at once', { timeout: 60_000 }, async () => {
    const child = runConnectorProcess({
      WORKOS_API_KEY: '',
      KAFKA_BROKERS: '',
      WORKOS_START: 'last tuesday',
      POLL_INTERVAL_MS: '-5',
      WORKOS_API_PORT: 'eighty',
      CONNECTOR_NAME: 'has spaces',
    });
    expect(await exitOf(child)).toBe(2);
    const output = child.output();
    expect(output).toMatch(/invalid connector configuration/);
    for (const variable of ['WORKOS_API_KEY', 'KAFKA_BROKERS', 'WORKOS_START', 'POLL_INTERVAL_MS', 'WORKOS_API_PORT', 'CONNECTOR_NAME']) {
      expect(output, output).toContain(`  ${variable}: `);
    }
    expect(output).toMatch(/WORKOS_API_KEY: is required/);
    expect(output).toMatch(/KAFKA_BROKERS: is required/);
  });
});

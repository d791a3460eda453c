/**
 * WorkOS misbehaving in every way the reference lists (429 storms with each form of Retry-After,
 * proxy HTML 5xx pages, hangs past the request timeout, truncated JSON, reset connections), first
 * as a fixed schedule, then at seeded random: nothing is lost, nothing is published twice, and
 * each fault was really served and classified as retriable.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { Fault } from '../../../emulator/faults.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { connectorEnv, freshConnectorNames, startConnector } from '../../support/connector-harness.js';
import { expectExactlyOnceInOrder } from '../../support/published-events.js';
import { waitFor } from '../../support/wait-for.js';
import { readAllPublishedEvents } from './support/kafka-reads.js';

const DAY_MS = 86_400_000;
const OK: Fault = { type: 'delay', ms: 0 };
const SCHEDULED_FAULTS = 12;

let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** Each fault followed by a normal answer, so backoff stays at its first steps and the test stays short. */
function scheduleEach(emu: WorkosEmulator, faults: readonly Fault[]): void {
  for (const fault of faults) emu.faults.schedule(fault).schedule(OK);
}

describe('connector under WorkOS faults', () => {
  it('loses and duplicates nothing through 429 storms, HTML 5xx, hangs, truncated JSON and resets', { timeout: 150_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 51 });
    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 51, organizations: 30, events: 3_000, start: now - 5 * DAY_MS, end: now - 60_000 }));
    const served = emulator.store.all();
    const lastId = served.at(-1)?.id as string;

    // A storm of three 429s asking for 1 s each, then one asking for 2 s.
    emulator.faults.schedule({ type: 'rate-limit', retryAfter: 1 }, 3).schedule({ type: 'rate-limit', retryAfter: 2 }).schedule(OK);
    scheduleEach(emulator, [
      { type: 'rate-limit', retryAfter: null },
      { type: 'rate-limit', retryAfter: 'http-date' },
      { type: 'server-error', status: 500 },
      { type: 'server-error', status: 502 },
      { type: 'server-error', status: 503, body: 'json' },
      { type: 'hang' },
      { type: 'truncate' },
      { type: 'reset' },
    ]);
    // Once the schedule is used up, about one request in five fails at random.
    emulator.faults.setRandom({ rate429: 0.04, rate500: 0.03, rate502: 0.03, rateTruncate: 0.04, rateReset: 0.04, rateHang: 0.02, retryAfter: 'http-date' });

    const waits: { code: string; delayMs: number }[] = [];
    const names = freshConnectorNames();
    const running = startConnector(connectorEnv(emulator, names, { WORKOS_REQUEST_TIMEOUT_MS: '1000' }), {
      onRetryWait: ({ code, delayMs }) => waits.push({ code, delayMs }),
    });
    await waitFor(() => running.connector.lag.progress.lastEventId === lastId, 'the whole stream to be published', 120_000);
    await running.stop();

    expectExactlyOnceInOrder(await readAllPublishedEvents(names.eventsTopic), served);

    // Every scheduled fault was served, and random ones too.
    expect(emulator.faults.pending).toBe(0);
    const stats = emulator.stats;
    expect(stats.count(429)).toBeGreaterThanOrEqual(6);
    expect(stats.count(500)).toBeGreaterThanOrEqual(1);
    expect(stats.count(502)).toBeGreaterThanOrEqual(1);
    expect(stats.count(503)).toBeGreaterThanOrEqual(1);
    expect(stats.count('hang')).toBeGreaterThanOrEqual(1);
    expect(stats.count('reset')).toBeGreaterThanOrEqual(1);
    // A truncated answer is a 200 that served no ids while more events were waiting.
    const truncated = stats.log.filter((entry) => entry.outcome === 200 && entry.ids.length === 0 && !entry.url.includes(`after=${lastId}`));
    expect(truncated.length).toBeGreaterThanOrEqual(1);
    const faultsServed = stats.total - stats.count(200) + truncated.length;
    expect(faultsServed, `more than the ${SCHEDULED_FAULTS} scheduled: ${JSON.stringify(stats.byOutcome())}`).toBeGreaterThan(SCHEDULED_FAULTS);

    // Each fault was classified as retriable under the right code, and Retry-After was honoured.
    const codes = new Set(waits.map((wait) => wait.code));
    for (const code of ['WORKOS_RATE_LIMITED', 'WORKOS_SERVER_ERROR', 'WORKOS_TIMEOUT', 'WORKOS_BAD_RESPONSE', 'WORKOS_NETWORK_ERROR']) {
      expect(codes, `retry waits: ${JSON.stringify(waits)}`).toContain(code);
    }
    expect(waits.filter((wait) => wait.code === 'WORKOS_RATE_LIMITED' && wait.delayMs === 1_000).length).toBeGreaterThanOrEqual(3);
    expect(waits).toContainEqual({ code: 'WORKOS_RATE_LIMITED', delayMs: 2_000 });
  });
});

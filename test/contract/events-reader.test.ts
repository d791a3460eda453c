import { WorkOS } from '@workos-inc/node';
import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WorkosEventsReader } from '../../connector/events-reader.js';
import { RequestBudget } from '../../connector/request-budget.js';
import { newWorkosClient } from '../../connector/workos-client.js';
import type { Fault } from '../../emulator/faults.js';
import type { RequestOutcome } from '../../emulator/request-stats.js';
import { DAY_MS, NOW, rejectionOf, startFixture } from './support/emulator-fixture.js';
import type { Fixture } from './support/emulator-fixture.js';

/**
 * The connector's reader driving the real SDK 12.3.0 against the emulator: what it publishes is
 * what WorkOS sent, and every failure reaches the connector's classifier after one HTTP request
 * (the SDK's own retries are off), so the request budget, `Retry-After` and metrics stay ours.
 */

/** A type no SDK knows yet; the emulator is told to accept it, as the real API would. */
const FUTURE_TYPE = 'widget.spun';
const EVENT_TYPES = ['user.created', 'user.updated', FUTURE_TYPE];

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture({
    behaviour: { extraEventNames: [FUTURE_TYPE] },
    inputs: [
      {
        event: 'user.created',
        data: { object: 'user', id: 'user_1', email: 'ada@example.com', first_name: 'Ada', favourite_colour: 'teal' },
        context: { actor: { id: 'admin_1', source: 'dashboard' }, future_context: { depth: 2 } },
        createdAt: NOW - 3000,
      },
      { event: FUTURE_TYPE, data: { id: 'widget_1', rpm: 33, nested: { deeper: [1, 2] } }, createdAt: NOW - 2000 },
      { event: 'user.updated', data: { object: 'user', id: 'user_1', email: 'ada@example.com', first_name: 'Ada L.' }, createdAt: NOW - 1000 },
    ],
  });
});
afterEach(() => {
  fx.emulator.faults.clear();
  fx.emulator.stats.reset();
});
afterAll(async () => {
  await fx.close();
});

const FIRST_PAGE = { rangeStart: new Date(NOW - DAY_MS).toISOString() };
const logger = pino({ level: 'silent' });

/** A reader with near-zero backoff that records what its observer hears. */
function readerOver(workos: WorkOS) {
  const requests: Array<number | 'network'> = [];
  const waits: Array<{ attempt: number; code: string }> = [];
  const reader = new WorkosEventsReader({
    workos,
    eventTypes: EVENT_TYPES,
    budget: new RequestBudget(1000),
    logger,
    retryPolicy: { initialDelayMs: 1, maxDelayMs: 5 },
    observer: {
      onRequest: ({ status }) => requests.push(status),
      onRetryWait: ({ attempt, code }) => waits.push({ attempt, code }),
    },
  });
  return { reader, requests, waits };
}

const connectorClient = (apiKey = fx.emulator.apiKey) => newWorkosClient({ apiKey, ...fx.emulator.sdkOptions, timeoutMs: 300 });
// No maxRetries: the SDK default of 3 retries, which the reader must override per request.
const defaultSdkClient = (apiKey = fx.emulator.apiKey) => new WorkOS(apiKey, { ...fx.emulator.sdkOptions, timeout: 300 });

describe('WorkosEventsReader: the raw read is faithful', () => {
  it('publishes an unknown event type and unknown fields exactly as the API served them', async () => {
    const { reader } = readerOver(connectorClient());
    const page = await reader.fetchPage(FIRST_PAGE);
    expect(page).toEqual(fx.truth());
    expect(page[0]?.data).toHaveProperty('favourite_colour', 'teal');
    expect(page[0]?.context).toEqual({ actor: { id: 'admin_1', source: 'dashboard' }, future_context: { depth: 2 } });
    expect(page[1]).toMatchObject({ object: 'event', event: FUTURE_TYPE, data: { id: 'widget_1', rpm: 33, nested: { deeper: [1, 2] } } });
    expect(fx.emulator.stats.log[0]?.url).toBe(
      `/events?limit=100&events=user.created%2Cuser.updated%2C${FUTURE_TYPE}&range_start=${encodeURIComponent(FIRST_PAGE.rangeStart)}`,
    );
  });

  it('is needed: the typed listEvents rebuilds known types from a whitelist and makes dates', async () => {
    const typed = await connectorClient().events.listEvents({ events: ['user.created'], limit: 1 });
    expect(typed.data[0]?.data).not.toHaveProperty('favourite_colour');
    expect(typed.data[0]?.createdAt).toBeInstanceOf(Date);
  });
});

interface FaultCase {
  readonly name: string;
  readonly fault: Fault;
  /** What the emulator logs for the faulty request. */
  readonly outcome: RequestOutcome;
  /** What the reader's observer records for it. */
  readonly observed: number | 'network';
  /** The classifier's verdict, as the retry wait reports it. */
  readonly code: string;
}

const FAULTS: readonly FaultCase[] = [
  { name: 'a JSON 500', fault: { type: 'server-error', status: 500, body: 'json' }, outcome: 500, observed: 500, code: 'WORKOS_SERVER_ERROR' },
  { name: 'an HTML 502', fault: { type: 'server-error', status: 502 }, outcome: 502, observed: 502, code: 'WORKOS_BAD_RESPONSE' },
  { name: 'a 429 (Retry-After 0)', fault: { type: 'rate-limit', retryAfter: 0 }, outcome: 429, observed: 429, code: 'WORKOS_RATE_LIMITED' },
  { name: 'a reset connection', fault: { type: 'reset' }, outcome: 'reset', observed: 'network', code: 'WORKOS_NETWORK_ERROR' },
  { name: 'a hang past the SDK timeout', fault: { type: 'hang' }, outcome: 'hang', observed: 408, code: 'WORKOS_TIMEOUT' },
  { name: 'a truncated 200', fault: { type: 'truncate' }, outcome: 200, observed: 'network', code: 'WORKOS_BAD_RESPONSE' },
];

describe.each([
  ['the connector client', connectorClient],
  ['a client left at the SDK default retries', defaultSdkClient],
])('WorkosEventsReader over %s: the SDK never retries on its own', (_label, client) => {
  it.each(FAULTS)('$name served once reaches the classifier after exactly one request', async ({ fault, outcome, observed, code }) => {
    fx.emulator.faults.schedule(fault);
    const { reader, requests, waits } = readerOver(client());
    const page = await reader.fetchPage(FIRST_PAGE);
    expect(page.map((e) => e.id)).toEqual(fx.truth().map((e) => e.id));
    expect(fx.emulator.stats.log.map((entry) => entry.outcome)).toEqual([outcome, 200]);
    expect(requests).toEqual([observed, 200]);
    expect(waits).toEqual([{ attempt: 1, code }]);
  });

  it('stops at a fatal 401 after one request', async () => {
    const { reader, requests, waits } = readerOver(client('sk_test_wrong'));
    expect(await rejectionOf(reader.fetchPage(FIRST_PAGE))).toMatchObject({ code: 'WORKOS_AUTH_FAILED', retriable: false });
    expect(fx.emulator.stats.byOutcome()).toEqual({ '401': 1 });
    expect(requests).toEqual([401]);
    expect(waits).toEqual([]);
  });
});

describe('WorkosEventsReader: shutdown', () => {
  it('aborts the in-flight HTTP request itself, long before the SDK timeout', async () => {
    fx.emulator.faults.schedule({ type: 'hang' });
    const slow = newWorkosClient({ apiKey: fx.emulator.apiKey, ...fx.emulator.sdkOptions, timeoutMs: 30_000 });
    const { reader } = readerOver(slow);
    const controller = new AbortController();
    const pending = reader.fetchPage(FIRST_PAGE, controller.signal);
    await expect.poll(() => fx.emulator.stats.count('hang')).toBe(1);
    const started = performance.now();
    controller.abort();
    expect(await rejectionOf(pending)).toMatchObject({ code: 'ABORTED' });
    expect(performance.now() - started).toBeLessThan(1000);
    expect(fx.emulator.stats.log).toHaveLength(1);
  });
});

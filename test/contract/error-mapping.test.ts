import { GenericServerException, OauthException, RateLimitExceededException, UnauthorizedException } from '@workos-inc/node';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { newWorkosClient } from '../../connector/workos-client.js';
import { classifyWorkosError } from '../../connector/workos-errors.js';
import { ALL_SDK_EVENTS, NOW, rawFetch, rejectionOf, sdkClient, startFixture } from './support/emulator-fixture.js';
import type { Fixture } from './support/emulator-fixture.js';

/**
 * What the real `@workos-inc/node` 12.3.0 throws for each failure the emulator can serve (its own
 * retries off, as the connector runs it), and the connector's verdict on it.
 */

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture({ seed: 3, events: 300 });
});
afterEach(() => {
  fx.emulator.faults.clear();
  fx.emulator.stats.reset();
});
afterAll(async () => {
  await fx.close();
});

const list = (workos = fx.workos) => workos.events.listEvents({ events: ALL_SDK_EVENTS, limit: 5 });

describe('auth', () => {
  it('maps a wrong key to UnauthorizedException (401)', async () => {
    const error = await rejectionOf(list(sdkClient(fx.emulator, 2000, 'sk_test_wrong')));
    expect(error).toBeInstanceOf(UnauthorizedException);
    expect((error as UnauthorizedException).status).toBe(401);
    expect(classifyWorkosError(error)).toMatchObject({ code: 'WORKOS_AUTH_FAILED', retriable: false, context: { status: 401 } });
    expect((await rawFetch(fx.emulator, '/events', null)).status).toBe(401);
    expect(fx.emulator.stats.count(401)).toBe(2);
  });
});

describe('rate limiting (429)', () => {
  it('exposes Retry-After seconds as a number', async () => {
    fx.emulator.faults.schedule({ type: 'rate-limit', retryAfter: 3 });
    const error = await rejectionOf(list());
    expect(error).toBeInstanceOf(RateLimitExceededException);
    expect((error as RateLimitExceededException).status).toBe(429);
    expect((error as RateLimitExceededException).retryAfter).toBe(3);
    // 12.3.0 reads X-Request-ID (8.13.0 always gave '').
    const requestId = fx.emulator.stats.log[0]?.requestId;
    expect(requestId).toMatch(/^req_/);
    expect((error as RateLimitExceededException).requestID).toBe(requestId);
    expect(classifyWorkosError(error)).toMatchObject({ code: 'WORKOS_RATE_LIMITED', retriable: true, context: { status: 429, retryAfterMs: 3000, requestId } });
    // Scheduled faults are one-shot: the next request succeeds.
    expect((await list()).data).toHaveLength(5);
    expect(fx.emulator.stats.byOutcome()).toEqual({ '200': 1, '429': 1 });
  });

  it('gives retryAfter null without the header and NaN for an HTTP-date (12.3.0 still Number()s the header)', async () => {
    fx.emulator.faults.schedule({ type: 'rate-limit', retryAfter: null }).schedule({ type: 'rate-limit', retryAfter: 'http-date' });
    const absent = (await rejectionOf(list())) as RateLimitExceededException;
    expect(absent).toBeInstanceOf(RateLimitExceededException);
    expect(absent.retryAfter).toBeNull();
    const dated = (await rejectionOf(list())) as RateLimitExceededException;
    expect(dated).toBeInstanceOf(RateLimitExceededException);
    expect(Number.isNaN(dated.retryAfter)).toBe(true);
    // Straight from the SDK, neither gives a wait: the connector's backoff decides.
    for (const error of [absent, dated]) expect(classifyWorkosError(error).context.retryAfterMs).toBeUndefined();
  });

  it('hands the connector an HTTP-date as seconds through its client, so the wait honours the date', async () => {
    // The emulator dates its Retry-After one second after its own clock: put that 2 minutes ahead.
    fx.clock.set(Date.now() + 120_000);
    try {
      fx.emulator.faults.schedule({ type: 'rate-limit', retryAfter: 'http-date' });
      const connectorClient = newWorkosClient({ apiKey: fx.emulator.apiKey, ...fx.emulator.sdkOptions, timeoutMs: 2000 });
      const error = (await rejectionOf(list(connectorClient))) as RateLimitExceededException;
      expect(error).toBeInstanceOf(RateLimitExceededException);
      expect(error.retryAfter).toBeGreaterThanOrEqual(119);
      expect(error.retryAfter).toBeLessThanOrEqual(121);
      const classified = classifyWorkosError(error);
      expect(classified).toMatchObject({ code: 'WORKOS_RATE_LIMITED', retriable: true });
      expect(classified.context.retryAfterMs).toBe((error.retryAfter ?? 0) * 1000);
      expect(fx.emulator.stats.byOutcome()).toEqual({ '429': 1 });
    } finally {
      fx.clock.set(NOW);
    }
  });

  it('puts Retry-After and a JSON body on the raw 429', async () => {
    fx.emulator.faults.schedule({ type: 'rate-limit', retryAfter: 7 });
    const res = await rawFetch(fx.emulator, '/events');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect(res.headers.get('content-type')).toContain('application/json');
  });
});

describe('proxy errors, broken bodies, network failures', () => {
  it.each([500, 502])('turns an HTML %i into a plain Error with a ParseError cause', async (status) => {
    fx.emulator.faults.schedule({ type: 'server-error', status });
    const error = (await rejectionOf(list())) as Error & { cause: { name: string; rawStatus: number; rawBody: string; requestID: string } };
    expect(error.cause.requestID).toBe(fx.emulator.stats.log[0]?.requestId);
    expect(error.constructor).toBe(Error);
    expect(error.message).toMatch(/^Unexpected error: ParseError/);
    expect(error.cause.name).toBe('ParseError');
    expect(error.cause.rawStatus).toBe(status);
    expect(error.cause.rawBody).toContain(`<title>${status}`);
    expect(fx.emulator.stats.count(status)).toBe(1);
    expect(classifyWorkosError(error)).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true, context: { status, requestId: error.cause.requestID } });
  });

  it('serves the HTML error as text/html', async () => {
    fx.emulator.faults.schedule({ type: 'server-error', status: 502 });
    const res = await rawFetch(fx.emulator, '/events');
    expect(res.status).toBe(502);
    expect(res.headers.get('content-type')).toBe('text/html');
  });

  it('maps a JSON 500 to GenericServerException', async () => {
    fx.emulator.faults.schedule({ type: 'server-error', status: 500, body: 'json' });
    const error = await rejectionOf(list());
    expect(error).toBeInstanceOf(GenericServerException);
    expect((error as GenericServerException).status).toBe(500);
    expect(classifyWorkosError(error)).toMatchObject({ code: 'WORKOS_SERVER_ERROR', retriable: true, context: { status: 500 } });
    expect(fx.emulator.stats.byOutcome()).toEqual({ '500': 1 });
  });

  it('fails on a truncated JSON body (200, application/json, cut off)', async () => {
    fx.emulator.faults.schedule({ type: 'truncate' });
    const res = await rawFetch(fx.emulator, '/events');
    expect(res.status).toBe(200);
    expect(() => res.json()).toThrow(SyntaxError);
    fx.emulator.faults.schedule({ type: 'truncate' });
    const error = (await rejectionOf(list())) as Error & { status: number; rawStatus: number; rawBody: string };
    // 12.3.0 throws its (unexported) ParseError itself, unwrapped, claiming status 500 for the 200.
    expect(error.name).toBe('ParseError');
    expect(error.message).toMatch(/JSON/);
    expect(error.status).toBe(500);
    expect(error.rawStatus).toBe(200);
    expect(error.rawBody.startsWith('{')).toBe(true);
    const classified = classifyWorkosError(error);
    expect(classified).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true });
    expect(classified.context.status).toBeUndefined();
  });

  it('turns a reset connection into a plain Error with a TypeError cause', async () => {
    fx.emulator.faults.schedule({ type: 'reset' });
    const error = (await rejectionOf(list())) as Error;
    expect(error.constructor).toBe(Error);
    expect(error.message).toBe('Unexpected error: TypeError: fetch failed');
    expect(error.cause).toBeInstanceOf(TypeError);
    expect(fx.emulator.stats.count('reset')).toBe(1);
    expect(classifyWorkosError(error)).toMatchObject({ code: 'WORKOS_NETWORK_ERROR', retriable: true });
  });
});

describe('slow and hanging responses', () => {
  it('maps a hang to OauthException 408 when the SDK timeout fires', async () => {
    fx.emulator.faults.schedule({ type: 'hang' });
    const started = performance.now();
    const error = await rejectionOf(list(sdkClient(fx.emulator, 300)));
    expect(performance.now() - started).toBeGreaterThanOrEqual(290);
    expect(error).toBeInstanceOf(OauthException);
    expect((error as OauthException).status).toBe(408);
    expect((error as OauthException).error).toBe('Request timeout');
    expect(fx.emulator.stats.count('hang')).toBe(1);
    expect(classifyWorkosError(error)).toMatchObject({ code: 'WORKOS_TIMEOUT', retriable: true, context: { status: 408 } });
  });

  it('times out on a delay longer than the SDK timeout, and succeeds on a shorter one', async () => {
    fx.emulator.faults.schedule({ type: 'delay', ms: 500 });
    expect(await rejectionOf(list(sdkClient(fx.emulator, 200)))).toBeInstanceOf(OauthException);
    // The emulator notices the client left when the delay ends, and writes nothing.
    await vi.waitFor(() => expect(fx.emulator.stats.count('aborted')).toBe(1), { timeout: 2000 });
    expect(fx.emulator.stats.count(200)).toBe(0);
    fx.emulator.faults.schedule({ type: 'delay', ms: 100 });
    const started = performance.now();
    expect((await list(sdkClient(fx.emulator, 2000))).data).toHaveLength(5);
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
  });

  it('adds per-page latency to every response', async () => {
    fx.emulator.faults.setLatency(150);
    const started = performance.now();
    await list();
    await list();
    expect(performance.now() - started).toBeGreaterThanOrEqual(295);
  });
});

describe('random faults', () => {
  it('injects about the configured share of 429s, reproducibly, and counts them', async () => {
    fx.emulator.faults.setRandom({ rate429: 0.3, retryAfter: 0 });
    let limited = 0;
    for (let i = 0; i < 60; i += 1) {
      const outcome = await list().then(() => 'ok', (e: unknown) => e);
      if (outcome instanceof RateLimitExceededException) limited += 1;
      else expect(outcome).toBe('ok');
    }
    expect(fx.emulator.stats.count(429)).toBe(limited);
    expect(fx.emulator.stats.count(200)).toBe(60 - limited);
    expect(limited).toBeGreaterThan(5);
    expect(limited).toBeLessThan(35);
  });
});

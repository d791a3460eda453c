import { describe, expect, it } from 'vitest';
import { withRetryAfterInSeconds } from '../../../connector/retry-after-fetch.js';

const NOW = Date.parse('2025-07-23T12:00:00.000Z');

/** A fetch that always answers `response`, and the wrapped fetch under test. */
function wrapped(response: Response, nowMs = NOW) {
  const fake = (async () => response) as typeof fetch;
  return withRetryAfterInSeconds(fake, () => nowMs);
}

const rateLimited = (retryAfter?: string) =>
  new Response('{"message":"slow down"}', {
    status: 429,
    statusText: 'Too Many Requests',
    headers: { 'Content-Type': 'application/json', 'X-Request-ID': 'req_1', ...(retryAfter === undefined ? {} : { 'Retry-After': retryAfter }) },
  });

describe('withRetryAfterInSeconds', () => {
  it('turns an HTTP-date Retry-After on a 429 into whole seconds from now, rounded up', async () => {
    const answer = await wrapped(rateLimited('Wed, 23 Jul 2025 12:00:10 GMT'), NOW + 250)('http://x/events');
    expect(answer.headers.get('Retry-After')).toBe('10');
    expect(answer.status).toBe(429);
    expect(answer.statusText).toBe('Too Many Requests');
    expect(answer.headers.get('X-Request-ID')).toBe('req_1');
    expect(answer.headers.get('Content-Type')).toBe('application/json');
    expect(await answer.json()).toEqual({ message: 'slow down' });
  });

  it('gives 0 for a date already past', async () => {
    const answer = await wrapped(rateLimited('Wed, 23 Jul 2025 11:59:00 GMT'))('http://x/events');
    expect(answer.headers.get('Retry-After')).toBe('0');
  });

  it('returns the very same response for seconds, a missing header, junk, and non-429 answers', async () => {
    for (const response of [
      rateLimited('3'),
      rateLimited(),
      rateLimited('soon'),
      new Response('ok', { status: 503, headers: { 'Retry-After': 'Wed, 23 Jul 2025 12:00:10 GMT' } }),
      new Response('{}', { status: 200, headers: { 'Content-Type': 'application/json' } }),
    ]) {
      expect(await wrapped(response)('http://x/events')).toBe(response);
    }
  });

  it('passes the request through unchanged', async () => {
    let seen: [unknown, unknown] | undefined;
    const fake = (async (input: unknown, init: unknown) => {
      seen = [input, init];
      return new Response('{}');
    }) as typeof fetch;
    const init = { method: 'GET', headers: { Authorization: 'Bearer sk_test' } };
    await withRetryAfterInSeconds(fake)('http://x/events?limit=1', init);
    expect(seen).toEqual(['http://x/events?limit=1', init]);
  });

  it('lets a network failure reject as it was', async () => {
    const failure = new TypeError('fetch failed');
    const fake = (async () => {
      throw failure;
    }) as typeof fetch;
    await expect(withRetryAfterInSeconds(fake)('http://x/events')).rejects.toBe(failure);
  });
});

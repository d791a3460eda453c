/**
 * A `fetch` for the WorkOS SDK that hands it `Retry-After` as delta-seconds. SDK 12.3.0 builds
 * its `RateLimitExceededException.retryAfter` with `Number(header)`, so an HTTP-date
 * (`Wed, 21 Oct 2015 07:28:00 GMT`, which RFC 9110 allows) arrives as `NaN` and the connector
 * would fall back to its jittered backoff, sometimes retrying before the date. The SDK parses
 * dates only for its own retries, which the project turns off (`workos-client.ts`).
 */
import { parseRetryAfterMs } from '../core/retry-after.js';

/**
 * Wraps `fetchFn` so a 429 whose `Retry-After` is an HTTP-date comes back with the same header
 * as whole seconds from `now()`, rounded up so the wait never ends before the date. Every other
 * response is returned untouched (same object).
 */
export function withRetryAfterInSeconds(fetchFn: typeof fetch, now: () => number = Date.now): typeof fetch {
  return async (input, init) => {
    const response = await fetchFn(input, init);
    if (response.status !== 429) return response;
    const value = response.headers.get('Retry-After');
    // Absent, or a number the SDK already reads: nothing to translate.
    if (value === null || !Number.isNaN(Number(value))) return response;
    const waitMs = parseRetryAfterMs(value, now());
    if (waitMs === undefined) return response;
    const headers = new Headers(response.headers);
    headers.set('Retry-After', String(Math.ceil(waitMs / 1000)));
    return new Response(response.body, { status: response.status, statusText: response.statusText, headers });
  };
}

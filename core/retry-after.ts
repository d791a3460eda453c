/**
 * `Retry-After` in the forms it reaches us: the SDK's `retryAfter` number (seconds; `null` when
 * absent; `NaN` when the header was an HTTP-date, which `@workos-inc/node` 12.3.0 still passes to
 * `Number()`, so the connector's client rewrites dates to seconds first, see
 * `connector/retry-after-fetch.ts`), or the raw header text when one is at hand.
 */

/**
 * Milliseconds to wait, or undefined when there is no usable value (so the caller's backoff
 * applies). Accepts seconds as a number or numeric string, or an HTTP-date (`Wed, 21 Oct 2015
 * 07:28:00 GMT`) measured from `nowMs`; a date in the past gives 0.
 */
export function parseRetryAfterMs(value: unknown, nowMs: number = Date.now()): number | undefined {
  if (typeof value === 'number') {
    return Number.isFinite(value) && value >= 0 ? Math.round(value * 1000) : undefined;
  }
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  // Only accept something that looks like an HTTP-date; Date.parse is lenient with junk.
  if (!/^[A-Za-z]{3},\s+\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{2}:\d{2}:\d{2}\s+GMT$/.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

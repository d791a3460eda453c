import { describe, expect, it } from 'vitest';
import { parseRetryAfterMs } from '../../../core/retry-after.js';

describe('parseRetryAfterMs', () => {
  const now = Date.parse('2025-07-23T12:00:00Z');

  it('reads seconds as a number or a numeric string', () => {
    expect(parseRetryAfterMs(30, now)).toBe(30_000);
    expect(parseRetryAfterMs(0, now)).toBe(0);
    expect(parseRetryAfterMs('2', now)).toBe(2_000);
    expect(parseRetryAfterMs(' 1.5 ', now)).toBe(1_500);
  });

  it('gives undefined for what the SDK yields when it has nothing usable', () => {
    expect(parseRetryAfterMs(null, now)).toBeUndefined(); // header absent
    expect(parseRetryAfterMs(Number.NaN, now)).toBeUndefined(); // header was an HTTP-date
    expect(parseRetryAfterMs(-5, now)).toBeUndefined();
    expect(parseRetryAfterMs(undefined, now)).toBeUndefined();
    expect(parseRetryAfterMs('soon', now)).toBeUndefined();
    expect(parseRetryAfterMs('', now)).toBeUndefined();
  });

  it('reads an HTTP-date relative to now, and a past date as 0', () => {
    expect(parseRetryAfterMs('Wed, 23 Jul 2025 12:00:45 GMT', now)).toBe(45_000);
    expect(parseRetryAfterMs('Wed, 23 Jul 2025 11:00:00 GMT', now)).toBe(0);
  });
});

import { describe, expect, it } from 'vitest';
import { EMPTY_POLLS_AT_MINIMUM, idlePollDelayMs } from '../../../connector/idle-poll.js';

describe('idlePollDelayMs', () => {
  it('holds the minimum for the first empty pages in a row, then doubles per empty page up to the interval', () => {
    expect(EMPTY_POLLS_AT_MINIMUM).toBe(4);
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9, 50].map((n) => idlePollDelayMs(n, 250, 5_000))).toEqual([250, 250, 250, 250, 500, 1_000, 2_000, 4_000, 5_000, 5_000]);
  });

  it('bounds the wait after a lull of a second by the minimum', () => {
    // Four empty pages at 250 ms cover a one-second lull; the page after it is read ≤ 250 ms late.
    let waited = 0;
    let emptyPolls = 0;
    while (waited < 1_000) waited += idlePollDelayMs(++emptyPolls, 250, 5_000);
    expect(emptyPolls).toBe(4);
    expect(idlePollDelayMs(emptyPolls, 250, 5_000)).toBe(250);
  });

  it('never exceeds the interval, even when the minimum is set above it', () => {
    expect(idlePollDelayMs(1, 10_000, 200)).toBe(200);
    expect(idlePollDelayMs(3, 200, 200)).toBe(200);
    expect(idlePollDelayMs(30, 200, 200)).toBe(200);
  });
});

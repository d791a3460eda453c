import { describe, expect, it } from 'vitest';
import { idlePollDelayMs } from '../../../connector/idle-poll.js';

describe('idlePollDelayMs', () => {
  it('starts at the minimum after events and doubles per empty page up to the interval', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => idlePollDelayMs(n, 250, 5_000))).toEqual([250, 500, 1_000, 2_000, 4_000, 5_000, 5_000, 5_000]);
  });

  it('never exceeds the interval, even when the minimum is set above it', () => {
    expect(idlePollDelayMs(1, 10_000, 200)).toBe(200);
    expect(idlePollDelayMs(3, 200, 200)).toBe(200);
  });
});

import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../../core/human-duration.js';

describe('humanDuration', () => {
  it('reads at a glance, with two units at most', () => {
    expect(humanDuration(0.84)).toBe('0.8 s');
    expect(humanDuration(42)).toBe('42 s');
    expect(humanDuration(200)).toBe('3 min 20 s');
    expect(humanDuration(3_600)).toBe('1 h');
    expect(humanDuration(18_720)).toBe('5 h 12 min');
    expect(humanDuration(568_536.6)).toBe('6 d 13 h');
  });

  it('never shows a negative or non-finite duration', () => {
    expect(humanDuration(-5)).toBe('0.0 s');
    expect(humanDuration(Number.NaN)).toBe('0.0 s');
  });
});

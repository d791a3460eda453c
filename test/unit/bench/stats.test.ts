import { describe, expect, it } from 'vitest';
import { median, percentile } from '../../../bench/stats.js';

describe('percentile', () => {
  it('interpolates between the nearest ranks', () => {
    const values = [40, 10, 30, 20];
    expect(percentile(values, 0)).toBe(10);
    expect(percentile(values, 100)).toBe(40);
    expect(percentile(values, 50)).toBe(25);
    expect(percentile(values, 25)).toBeCloseTo(17.5);
  });

  it('agrees with median at p50', () => {
    for (const values of [[3], [5, 1], [9, 2, 7], [1, 2, 3, 4, 100]]) expect(percentile(values, 50)).toBe(median(values));
  });

  it('takes p99 of 1..100 near the top, over numbers rather than strings', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 99)).toBeCloseTo(99.01);
    expect(percentile([9, 10, 100], 100)).toBe(100);
  });

  it('is NaN for no values or an out-of-range p', () => {
    expect(percentile([], 50)).toBeNaN();
    expect(percentile([1, 2], 101)).toBeNaN();
    expect(percentile([1, 2], -1)).toBeNaN();
  });

  it('does not reorder its input', () => {
    const values = [3, 1, 2];
    percentile(values, 50);
    expect(values).toEqual([3, 1, 2]);
  });
});

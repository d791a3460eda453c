import { describe, expect, it } from 'vitest';
import { createRng, mulberry32 } from '../../../emulator/prng.js';

describe('mulberry32', () => {
  it('repeats its sequence for the same seed and differs across seeds', () => {
    const a = mulberry32(42);
    const b = mulberry32(42);
    const c = mulberry32(43);
    const sa = Array.from({ length: 100 }, a);
    expect(Array.from({ length: 100 }, b)).toEqual(sa);
    expect(Array.from({ length: 100 }, c)).not.toEqual(sa);
  });

  it('yields floats in [0, 1) with a plausible mean', () => {
    const next = mulberry32(9);
    const values = Array.from({ length: 20_000 }, next);
    expect(values.every((v) => v >= 0 && v < 1)).toBe(true);
    const mean = values.reduce((s, v) => s + v, 0) / values.length;
    expect(mean).toBeGreaterThan(0.48);
    expect(mean).toBeLessThan(0.52);
  });
});

describe('createRng helpers', () => {
  it('int stays within inclusive bounds and hits both ends', () => {
    const rng = createRng(5);
    const seen = new Set(Array.from({ length: 2000 }, () => rng.int(3, 6)));
    expect([...seen].sort()).toEqual([3, 4, 5, 6]);
  });

  it('pick and pickSkewed return members; pickSkewed favours the front', () => {
    const rng = createRng(11);
    const items = Array.from({ length: 10 }, (_, i) => i);
    const picks = Array.from({ length: 5000 }, () => rng.pickSkewed(items));
    expect(picks.every((p) => items.includes(p))).toBe(true);
    expect(picks.filter((p) => p === 0).length).toBeGreaterThan(picks.filter((p) => p === 9).length * 3);
    expect(() => rng.pick([])).toThrow(RangeError);
  });

  it('chance(p) approximates p', () => {
    const rng = createRng(2);
    const hits = Array.from({ length: 10_000 }, () => rng.chance(0.2)).filter(Boolean).length;
    expect(hits).toBeGreaterThan(1800);
    expect(hits).toBeLessThan(2200);
  });
});

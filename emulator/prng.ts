/**
 * A tiny seeded PRNG. Everything random in the emulator (world generation, entity ids, event id
 * entropy, probabilistic faults) goes through this so that one seed reproduces one run exactly.
 */

/** A seeded source of uniform floats in [0, 1) plus the few helpers the generator needs. */
export interface Rng {
  /** Next uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** True with probability `p` (0–1). */
  chance(p: number): boolean;
  /** A uniformly chosen element; throws on an empty array (a caller bug, not bad luck). */
  pick<T>(items: readonly T[]): T;
  /** An element biased towards the front of the array (index ~ n·r²), to make a few entities busy. */
  pickSkewed<T>(items: readonly T[]): T;
}

/**
 * mulberry32: 32-bit state, passes the usual smoke tests, and is a few lines long. Not for crypto.
 * @param seed any integer; only its low 32 bits matter.
 * @returns a function yielding floats in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Builds an {@link Rng} over {@link mulberry32}.
 * @param seed integer seed; the same seed always yields the same sequence.
 */
export function createRng(seed: number): Rng {
  const next = mulberry32(seed);
  const pickAt = <T>(items: readonly T[], index: number): T => {
    if (items.length === 0) throw new RangeError('cannot pick from an empty array');
    return items[Math.min(index, items.length - 1)] as T;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => pickAt(items, Math.floor(next() * items.length)),
    pickSkewed: (items) => {
      const r = next();
      return pickAt(items, Math.floor(r * r * items.length));
    },
  };
}

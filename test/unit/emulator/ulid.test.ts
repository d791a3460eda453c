import { decodeTime } from 'ulid';
import { describe, expect, it } from 'vitest';
import { createRng } from '../../../emulator/prng.js';
import { createMonotonicUlid, decodeUlidTime, encodeUlidTime, isUlid, randomUlid } from '../../../emulator/ulid.js';

describe('ULID encoding', () => {
  it('decodes the real event id from the WorkOS docs to its created_at', () => {
    expect(new Date(decodeUlidTime('event_01KD8Z96BMTAXC8Z9VAQJEYJPW')).toISOString()).toBe('2025-12-24T20:02:23.220Z');
  });

  it('round-trips time and agrees with the ulid package', () => {
    const rng = createRng(7);
    for (const ms of [0, 1, 1_735_689_600_123, Date.parse('2031-05-05T05:05:05.555Z'), 2 ** 48 - 1]) {
      const id = randomUlid(ms, rng.next);
      expect(id).toHaveLength(26);
      expect(isUlid(id)).toBe(true);
      expect(decodeUlidTime(id)).toBe(ms);
      expect(decodeTime(id)).toBe(ms);
      expect(id.slice(0, 10)).toBe(encodeUlidTime(ms));
    }
  });

  it('rejects out-of-range times and malformed ids', () => {
    expect(() => encodeUlidTime(-1)).toThrow(RangeError);
    expect(() => encodeUlidTime(2 ** 48)).toThrow(RangeError);
    expect(() => encodeUlidTime(1.5)).toThrow(RangeError);
    expect(() => decodeUlidTime('event_not-a-ulid')).toThrow(RangeError);
    expect(isUlid('01KD8Z96BMTAXC8Z9VAQJEYJPI')).toBe(false); // I is not Crockford
    expect(isUlid('81KD8Z96BMTAXC8Z9VAQJEYJPW')).toBe(false); // beyond 48 bits
  });

  it('is deterministic for a given PRNG seed', () => {
    expect(randomUlid(1000, createRng(3).next)).toBe(randomUlid(1000, createRng(3).next));
    expect(randomUlid(1000, createRng(3).next)).not.toBe(randomUlid(1000, createRng(4).next));
  });
});

describe('monotonic ULIDs', () => {
  it('sort in generation order within one millisecond and keep the time part', () => {
    const next = createMonotonicUlid(createRng(1).next);
    const ids = Array.from({ length: 2000 }, (_, i) => next(1_700_000_000_000 + Math.floor(i / 500)));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.map(decodeUlidTime)).toEqual(ids.map((_, i) => 1_700_000_000_000 + Math.floor(i / 500)));
  });

  it('refuses time going backwards', () => {
    const next = createMonotonicUlid(createRng(1).next);
    next(2000);
    expect(() => next(1999)).toThrow(/backwards/);
  });
});

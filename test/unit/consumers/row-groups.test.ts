import { describe, expect, it } from 'vitest';
import { evenRowGroups, greedyRowGroups } from '../../../consumers/db/sql-client.js';

describe('row groups', () => {
  it('splits greedily into the few fixed sizes SQLite statements are prepared for', () => {
    expect(greedyRowGroups(150, [64, 8, 1])).toEqual([64, 64, 8, 8, 1, 1, 1, 1, 1, 1]);
    expect(greedyRowGroups(0, [64, 8, 1])).toEqual([]);
    expect(greedyRowGroups(7, [64, 8, 1])).toEqual([1, 1, 1, 1, 1, 1, 1]);
    expect(() => greedyRowGroups(7, [64, 8])).toThrow(RangeError);
  });

  it('splits evenly with a remainder for PostgreSQL', () => {
    expect(evenRowGroups(450, 200)).toEqual([200, 200, 50]);
    expect(evenRowGroups(0, 200)).toEqual([]);
  });

  it('always covers every row exactly once', () => {
    for (let n = 0; n < 300; n += 7) {
      expect(greedyRowGroups(n, [64, 8, 1]).reduce((a, b) => a + b, 0)).toBe(n);
      expect(evenRowGroups(n, 200).reduce((a, b) => a + b, 0)).toBe(n);
    }
  });
});

import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MAX_WINDOW_MS,
  DEFAULT_WINDOW_OVERLAP_MS,
  nextWindowStartMs,
  parseWorkosTimestamp,
  planWindow,
  planWindows,
} from '../../../connector/time-windows.js';

const DAY = 86_400_000;
const now = Date.parse('2024-06-30T12:00:00.000Z');

describe('planWindow', () => {
  it('caps a window at 30 days and leaves it closed when now is further away', () => {
    const start = now - 75 * DAY;
    const w = planWindow({ startMs: start, nowMs: now });
    expect(w.reachesNow).toBe(false);
    expect(w.endMs - w.startMs).toBe(DEFAULT_MAX_WINDOW_MS);
    expect(w.rangeStart).toBe(new Date(start).toISOString());
    expect(w.rangeEnd).toBe(new Date(start + 30 * DAY).toISOString());
  });

  it('leaves the window that reaches now open-ended', () => {
    const w = planWindow({ startMs: now - 3 * DAY, nowMs: now });
    expect(w).toEqual({ rangeStart: '2024-06-27T12:00:00.000Z', rangeEnd: undefined, startMs: now - 3 * DAY, endMs: now, reachesNow: true });
    expect(planWindow({ startMs: now - 30 * DAY, nowMs: now }).reachesNow).toBe(true);
  });

  it('treats a start in the future as now', () => {
    const w = planWindow({ startMs: now + DAY, nowMs: now });
    expect(w).toMatchObject({ startMs: now, endMs: now, reachesNow: true, rangeEnd: undefined });
  });

  it('honours a smaller maxWindowMs and rejects nonsense', () => {
    expect(planWindow({ startMs: now - 10 * DAY, nowMs: now, maxWindowMs: DAY }).endMs).toBe(now - 9 * DAY);
    expect(() => planWindow({ startMs: now, nowMs: now, maxWindowMs: 0 })).toThrow(RangeError);
    expect(() => planWindow({ startMs: Number.NaN, nowMs: now })).toThrow(RangeError);
  });
});

describe('walking windows oldest-first', () => {
  it('covers start..now without gaps, overlapping by the default second, ending open', () => {
    const start = now - 95 * DAY;
    const windows = planWindows({ startMs: start, nowMs: now });
    expect(windows).toHaveLength(4);
    expect(windows[0]?.startMs).toBe(start);
    for (let i = 1; i < windows.length; i += 1) {
      const previous = windows[i - 1]!;
      expect(windows[i]!.startMs).toBe(previous.endMs - DEFAULT_WINDOW_OVERLAP_MS);
      expect(windows[i]!.endMs - windows[i]!.startMs).toBeLessThanOrEqual(DEFAULT_MAX_WINDOW_MS);
    }
    expect(windows.map((w) => w.reachesNow)).toEqual([false, false, false, true]);
    expect(windows.at(-1)).toMatchObject({ endMs: now, rangeEnd: undefined });
  });

  it('always advances, even with an overlap larger than the window', () => {
    const w = planWindow({ startMs: now - 10 * DAY, nowMs: now, maxWindowMs: 1_000 });
    expect(nextWindowStartMs(w, 5_000)).toBe(w.startMs + 1);
    expect(nextWindowStartMs(w, 0)).toBe(w.endMs);
  });
});

describe('parseWorkosTimestamp', () => {
  it.each([
    ['2020-05-06 04:21:48.649164', Date.UTC(2020, 4, 6, 4, 21, 48, 649)],
    ['2023-04-28 20:05:31.093', Date.UTC(2023, 3, 28, 20, 5, 31, 93)],
    ['2021-06-25T19:07:33.155Z', Date.UTC(2021, 5, 25, 19, 7, 33, 155)],
    ['2025-12-24T20:02:23.220Z', Date.UTC(2025, 11, 24, 20, 2, 23, 220)],
    ['2024-01-01T00:00:00Z', Date.UTC(2024, 0, 1)],
    ['2024-01-01T02:30:00+02:30', Date.UTC(2024, 0, 1)],
    ['2023-12-31T19:00:00-0500', Date.UTC(2024, 0, 1)],
    ['2024-01-01', Date.UTC(2024, 0, 1)],
    ['2024-01-01T10:15', Date.UTC(2024, 0, 1, 10, 15)],
    ['2024-01-01 10:15:00.5', Date.UTC(2024, 0, 1, 10, 15, 0, 500)],
  ])('reads %s', (text, expected) => {
    expect(parseWorkosTimestamp(text)).toBe(expected);
  });

  it.each(['', 'yesterday', '2024-13-01T00:00:00Z', '2023-02-30 00:00:00', '2024-01-01T24:00:00Z', '2024-01-01T10:61:00Z', '1714557600000'])(
    'returns null for %j',
    (text) => {
      expect(parseWorkosTimestamp(text)).toBeNull();
    },
  );
});

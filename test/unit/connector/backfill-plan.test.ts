import { describe, expect, it } from 'vitest';
import { dropAlreadyPublished, firstRequest, nextRequest, planBackfillWindows } from '../../../connector/backfill/backfill-plan.js';

const DAY_MS = 86_400_000;

describe('planBackfillWindows', () => {
  it('cuts the span into equal windows that meet end to start', () => {
    const windows = planBackfillWindows(0, 4 * DAY_MS, 4);
    expect(windows.map((w) => [w.startMs, w.endMs])).toEqual([
      [0, DAY_MS],
      [DAY_MS, 2 * DAY_MS],
      [2 * DAY_MS, 3 * DAY_MS],
      [3 * DAY_MS, 4 * DAY_MS],
    ]);
  });

  it('uses more windows than asked when the span needs them to stay within 30 days', () => {
    const windows = planBackfillWindows(0, 100 * DAY_MS, 2);
    expect(windows).toHaveLength(4);
    expect(Math.max(...windows.map((w) => w.endMs - w.startMs))).toBeLessThanOrEqual(30 * DAY_MS);
    expect(windows.at(-1)?.endMs).toBe(100 * DAY_MS);
  });
});

describe('window requests', () => {
  const [first, second] = planBackfillWindows(Date.parse('2026-11-01T00:00:00Z'), Date.parse('2026-11-03T00:00:00Z'), 2) as [never, never];

  it('continues after the cursor in the first window, and starts a second early by the overlap', () => {
    expect(firstRequest(first, 'event_9')).toEqual({ after: 'event_9', rangeEnd: '2026-11-02T00:00:00.000Z' });
    expect(firstRequest(first, null)).toEqual({ rangeStart: '2026-11-01T00:00:00.000Z', rangeEnd: '2026-11-02T00:00:00.000Z' });
    expect(firstRequest(second, 'event_9')).toEqual({ rangeStart: '2026-11-01T23:59:59.000Z', rangeEnd: '2026-11-03T00:00:00.000Z' });
    expect(nextRequest(second, 'event_12')).toEqual({ after: 'event_12', rangeEnd: '2026-11-03T00:00:00.000Z' });
  });

  it('drops events read twice where windows overlap', () => {
    expect(dropAlreadyPublished([{ id: 'a' }, { id: 'b' }, { id: 'c' }], new Set(['a', 'b']))).toEqual([{ id: 'c' }]);
  });
});

import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { LagTracker } from '../../../connector/lag-tracker.js';

function recordingLogger(): { logger: pino.Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => lines.push(JSON.parse(line) as Record<string, unknown>) });
  return { logger, lines };
}

const DAY_MS = 86_400_000;

describe('lag tracker', () => {
  it('counts pages and events and reports seconds behind the last published event', () => {
    const now = Date.UTC(2026, 10, 22, 12);
    const { logger, lines } = recordingLogger();
    const lag = new LagTracker(logger, 30, () => now);
    expect(lag.secondsBehind()).toBeNull();
    lag.onPagePublished([
      { id: 'event_1', created_at: new Date(now - 60_000).toISOString() },
      { id: 'event_2', created_at: new Date(now - 5_000).toISOString() },
    ]);
    expect(lag.progress).toMatchObject({ eventsPublished: 2, pagesPublished: 1, lastEventId: 'event_2' });
    expect(lag.secondsBehind()).toBe(5);
    lag.report();
    lag.report();
    expect(lines.filter((line) => line.msg === 'connector progress')).toHaveLength(1);
    expect(lines[0]).toMatchObject({ eventsPublished: 2, secondsBehind: 5 });
  });

  it('warns when the last published event is older than 80% of retention, at most hourly', () => {
    let now = Date.UTC(2026, 10, 22, 12);
    const { logger, lines } = recordingLogger();
    const lag = new LagTracker(logger, 30, () => now);
    lag.checkRetention(new Date(now - 20 * DAY_MS).toISOString());
    expect(lines).toHaveLength(0);
    lag.checkRetention(new Date(now - 25 * DAY_MS).toISOString());
    lag.checkRetention(new Date(now - 25 * DAY_MS).toISOString());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, retentionDays: 30 });
    now += 3_600_001;
    lag.checkRetention(new Date(now - 26 * DAY_MS).toISOString());
    expect(lines).toHaveLength(2);
  });
});

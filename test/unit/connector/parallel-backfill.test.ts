import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { runParallelBackfill } from '../../../connector/backfill/parallel-backfill.js';
import type { PageRequest } from '../../../connector/events-reader.js';
import type { RawWorkosEvent } from '../../../connector/workos-event.js';

const HOUR_MS = 3_600_000;
const FROM_MS = Date.UTC(2026, 10, 1);
const TO_MS = FROM_MS + 2 * HOUR_MS;

/** Events spread evenly over a window, away from its edges (no overlap to dedupe here). */
function windowEvents(window: number, count: number): RawWorkosEvent[] {
  const start = FROM_MS + window * HOUR_MS + 60_000;
  return Array.from({ length: count }, (_, i) => ({
    id: `event_${window}_${String(i).padStart(5, '0')}`,
    event: 'user.created',
    created_at: new Date(start + i * 1_000).toISOString(),
    data: { id: `user_${i}` },
  })) as unknown as RawWorkosEvent[];
}

/** Two windows of 5.5 pages each, served one page per request a few ms apart. */
async function backfill(maxTransactionMs: number): Promise<{ pages: number[]; ids: string[] }> {
  const byWindow = [windowEvents(0, 550), windowEvents(1, 550)];
  const windowOf = (request: PageRequest): RawWorkosEvent[] => (Date.parse(request.rangeEnd ?? '') <= FROM_MS + HOUR_MS ? byWindow[0] : byWindow[1]) as RawWorkosEvent[];
  const published: { pages: number[]; ids: string[] } = { pages: [], ids: [] };
  await runParallelBackfill(
    {
      fetchPage: async (request) => {
        await new Promise((resolve) => setTimeout(resolve, 3));
        const events = windowOf(request);
        const from = 'after' in request ? events.findIndex((event) => event.id === request.after) + 1 : 0;
        return events.slice(from, from + 100);
      },
      publish: async (events, pages) => {
        published.pages.push(pages);
        published.ids.push(...events.map((event) => event.id));
        await new Promise((resolve) => setTimeout(resolve, 5));
      },
      logger: pino({ level: 'silent' }),
      windows: 2,
      maxBufferedPages: 64,
      maxPagesPerTransaction: 3,
      maxTransactionMs,
    },
    { afterEventId: null, fromMs: FROM_MS },
    TO_MS,
    new AbortController().signal,
  );
  return published;
}

describe('parallel backfill transactions', () => {
  it('lets the head gather a whole transaction of pages while it is read, and publishes everything once, in order', async () => {
    const { pages, ids } = await backfill(5_000);
    // Each window: 6 pages (the last one short) in transactions of 3.
    expect(pages).toEqual([3, 3, 3, 3]);
    expect(ids).toEqual([...windowEvents(0, 550), ...windowEvents(1, 550)].map((event) => event.id));
  });

  it('without a time bound publishes what the head has at once', async () => {
    const { pages, ids } = await backfill(0);
    expect(pages.length).toBeGreaterThan(4);
    expect(ids).toHaveLength(1_100);
  });
});

import { describe, expect, it } from 'vitest';
import { ONE_PAGE_PER_TRANSACTION, PageBatch } from '../../../connector/transaction-batch.js';
import type { EncodedEvents } from '../../../connector/event-message.js';
import type { RawWorkosEvent } from '../../../connector/workos-event.js';

const page = (from: number, count: number, padding = ''): RawWorkosEvent[] =>
  Array.from({ length: count }, (_, i) => ({ id: `event_${from + i}`, event: 'user.created', created_at: '2026-12-01T00:00:00.000Z', data: { padding } }) as unknown as RawWorkosEvent);

describe('PageBatch', () => {
  it('keeps every event in API order across pages and empties on take', () => {
    const batch = new PageBatch({ maxPages: 5, maxMs: 1_000, maxBytes: 1_000_000 });
    batch.add(page(0, 3), 0);
    batch.add(page(3, 2), 10);
    expect(batch.pageCount).toBe(2);
    expect(batch.take().map((event) => event.id)).toEqual(['event_0', 'event_1', 'event_2', 'event_3', 'event_4']);
    expect(batch.isEmpty).toBe(true);
  });

  it('stops taking pages at the page bound, the time bound (from the first page) and the byte bound', () => {
    const byPages = new PageBatch({ maxPages: 2, maxMs: 1_000, maxBytes: 1_000_000 });
    byPages.add(page(0, 1), 0);
    expect(byPages.canTakeMore(0)).toBe(true);
    byPages.add(page(1, 1), 0);
    expect(byPages.canTakeMore(0)).toBe(false);

    const byTime = new PageBatch({ maxPages: 10, maxMs: 100, maxBytes: 1_000_000 });
    byTime.add(page(0, 1), 1_000);
    expect(byTime.canTakeMore(1_099)).toBe(true);
    expect(byTime.canTakeMore(1_100)).toBe(false);
    byTime.take();
    byTime.add(page(1, 1), 5_000);
    expect(byTime.canTakeMore(5_050), 'the clock restarts with the next transaction').toBe(true);
    expect(byTime.msLeft(5_030)).toBe(70);

    const byBytes = new PageBatch({ maxPages: 10, maxMs: 1_000, maxBytes: 5_000 });
    byBytes.add(page(0, 1, 'x'.repeat(2_000)), 0);
    expect(byBytes.canTakeMore(0)).toBe(true);
    byBytes.add(page(1, 1, 'x'.repeat(4_000)), 0);
    expect(byBytes.canTakeMore(0)).toBe(false);
  });

  it('with one page per transaction never takes a second page', () => {
    const batch = new PageBatch(ONE_PAGE_PER_TRANSACTION);
    batch.add(page(0, 100), 0);
    expect(batch.canTakeMore(0)).toBe(false);
  });

  it('measures encoded pages by their records, not as JSON again, and hands the records over with the events', () => {
    const encoded = (events: readonly RawWorkosEvent[], bytesEach: number): EncodedEvents => ({
      messages: events.map((event) => ({ key: event.id, value: 'v' })),
      bytes: events.map(() => bytesEach),
      totalBytes: events.length * bytesEach,
    });
    const batch = new PageBatch({ maxPages: 10, maxMs: 1_000, maxBytes: 5_000 });
    const first = page(0, 2, 'x'.repeat(10_000));
    batch.add(first, 0, encoded(first, 1_000));
    expect(batch.canTakeMore(0), 'the records, 2,000 bytes, not the 20 kB of JSON').toBe(true);
    const second = page(2, 3);
    batch.add(second, 0, encoded(second, 1_000));
    expect(batch.canTakeMore(0)).toBe(false);
    const { events, encoded: records } = batch.takeAll();
    expect(events.map((event) => event.id)).toEqual(['event_0', 'event_1', 'event_2', 'event_3', 'event_4']);
    expect(records?.messages.map((message) => message.key)).toEqual(['event_0', 'event_1', 'event_2', 'event_3', 'event_4']);
    expect(records?.totalBytes).toBe(5_000);

    batch.add(page(5, 1), 0, encoded(page(5, 1), 10));
    batch.add(page(6, 1), 0);
    expect(batch.takeAll().encoded, 'a page without records: the publisher encodes them all').toBeUndefined();
  });
});

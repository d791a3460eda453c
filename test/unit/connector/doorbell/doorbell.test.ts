import { afterEach, describe, expect, it, vi } from 'vitest';
import { Doorbell } from '../../../../connector/doorbell/doorbell.js';
import { DoorbellReader } from '../../../../connector/doorbell/doorbell-reader.js';
import { PAGE_LIMIT, WorkosEventsReader, type WorkosEventsReaderOptions } from '../../../../connector/events-reader.js';
import type { RawWorkosEvent } from '../../../../connector/workos-event.js';

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

const signal = (): AbortSignal => new AbortController().signal;

describe('Doorbell.wait', () => {
  it('times out after ms without a ring', async () => {
    vi.useFakeTimers({ now: 0 });
    const bell = new Doorbell({ minIntervalMs: 100 });
    const woke = bell.wait(1_000, signal());
    await vi.advanceTimersByTimeAsync(999);
    let reason: string | undefined;
    void woke.then((r) => (reason = r));
    await vi.advanceTimersByTimeAsync(0);
    expect(reason).toBeUndefined();
    await vi.advanceTimersByTimeAsync(1);
    expect(reason).toBe('timeout');
  });

  it('wakes on a ring long before the interval', async () => {
    vi.useFakeTimers({ now: 0 });
    const bell = new Doorbell({ minIntervalMs: 100 });
    const woke = bell.wait(60_000, signal());
    await vi.advanceTimersByTimeAsync(500);
    bell.ring();
    await vi.advanceTimersByTimeAsync(0);
    await expect(woke).resolves.toBe('rang');
    expect(Date.now()).toBe(500);
  });

  it('remembers a ring that came while nobody waited (during a publish) and resolves the next wait at once', async () => {
    vi.useFakeTimers({ now: 0 });
    const bell = new Doorbell({ minIntervalMs: 100 });
    bell.polled();
    await vi.advanceTimersByTimeAsync(300);
    bell.ring();
    const started = Date.now();
    await expect(bell.wait(60_000, signal())).resolves.toBe('rang');
    expect(Date.now() - started).toBe(0);
  });

  it('a poll that starts after a ring answers it', async () => {
    vi.useFakeTimers({ now: 0 });
    const bell = new Doorbell({ minIntervalMs: 100 });
    bell.ring();
    bell.polled();
    const woke = bell.wait(5_000, signal());
    await vi.advanceTimersByTimeAsync(5_000);
    await expect(woke).resolves.toBe('timeout');
  });

  it('coalesces: many rings wake no sooner than minIntervalMs after the last poll started', async () => {
    vi.useFakeTimers({ now: 0 });
    const bell = new Doorbell({ minIntervalMs: 250 });
    const wakes: number[] = [];
    const controller = new AbortController();
    const loop = (async () => {
      while (!controller.signal.aborted) {
        bell.polled();
        if ((await bell.wait(60_000, controller.signal)) === 'rang') wakes.push(Date.now());
      }
    })();
    // 100 rings a second for 2 s.
    for (let t = 0; t < 2_000; t += 10) {
      bell.ring();
      await vi.advanceTimersByTimeAsync(10);
    }
    controller.abort();
    await loop;
    expect(wakes.length).toBeGreaterThanOrEqual(7);
    expect(wakes.length).toBeLessThanOrEqual(8);
    for (let i = 1; i < wakes.length; i += 1) expect((wakes[i] as number) - (wakes[i - 1] as number)).toBeGreaterThanOrEqual(250);
  });

  it('resolves when the signal aborts', async () => {
    const bell = new Doorbell({ minIntervalMs: 100 });
    const controller = new AbortController();
    const woke = bell.wait(60_000, controller.signal);
    controller.abort();
    await expect(woke).resolves.toBe('aborted');
  });
});

const events = (n: number): RawWorkosEvent[] =>
  Array.from({ length: n }, (_, i) => ({ object: 'event', id: `event_${i}`, event: 'user.created', data: {}, created_at: new Date(0).toISOString() }) as unknown as RawWorkosEvent);

describe('DoorbellReader', () => {
  const fetchTimes = (pages: number[]): { reader: DoorbellReader; bell: Doorbell; times: number[] } => {
    const times: number[] = [];
    let call = 0;
    vi.spyOn(WorkosEventsReader.prototype, 'fetchPage').mockImplementation(async () => {
      times.push(Date.now());
      return events(pages[call++] ?? 1);
    });
    const bell = new Doorbell({ minIntervalMs: 250 });
    return { reader: new DoorbellReader({} as WorkosEventsReaderOptions, bell, 60_000), bell, times };
  };

  it('after a short page, the poll after its last event waits for a ring (or the long interval)', async () => {
    vi.useFakeTimers({ now: 0 });
    const { reader, bell, times } = fetchTimes([3, 2, 1]);
    const run = signal();
    await reader.fetchPage({ after: 'event_x' }, run);
    const second = reader.fetchPage({ after: 'event_2' }, run);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(times).toEqual([0]);
    bell.ring();
    await vi.advanceTimersByTimeAsync(0);
    await second;
    expect(times).toEqual([0, 1_000]);
    // No ring: the long interval.
    const third = reader.fetchPage({ after: 'event_1' }, run);
    await vi.advanceTimersByTimeAsync(60_000);
    await third;
    expect(times).toEqual([0, 1_000, 61_000]);
  });

  it('reads full pages, other requests (parallel backfill windows) and a new run (new signal) at once', async () => {
    vi.useFakeTimers({ now: 0 });
    const { reader, times } = fetchTimes([PAGE_LIMIT, PAGE_LIMIT, 5, 5, 5, 5]);
    const run = signal();
    await reader.fetchPage({ after: 'a' }, run);
    await reader.fetchPage({ after: `event_${PAGE_LIMIT - 1}` }, run);
    await reader.fetchPage({ after: `event_${PAGE_LIMIT - 1}` }, run);
    // A short page ended one window; the next window starts elsewhere.
    await reader.fetchPage({ rangeStart: '2026-01-01T00:00:00.000Z' }, run);
    await reader.fetchPage({ after: 'event_other' }, run);
    expect(times).toEqual([0, 0, 0, 0, 0]);
    await reader.fetchPage({ after: 'event_4' }, signal());
    expect(times).toEqual([0, 0, 0, 0, 0, 0]);
  });
});

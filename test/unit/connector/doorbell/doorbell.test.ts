import { afterEach, describe, expect, it, vi } from 'vitest';
import { Doorbell } from '../../../../connector/doorbell/doorbell.js';
import { pollingWith } from '../../../../connector/doorbell/doorbell-wiring.js';

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

const settings = {
  WEBHOOK_DOORBELL_PORT: 8080,
  WEBHOOK_DOORBELL_HOST: '127.0.0.1',
  WEBHOOK_SECRET: 'whsec_unit',
  POLL_INTERVAL_WITH_DOORBELL_MS: 60_000,
  POLL_MIN_INTERVAL_WITH_DOORBELL_MS: 200,
  POLL_INTERVAL_MS: 5_000,
  POLL_MIN_INTERVAL_MS: 250,
};

describe('pollingWith', () => {
  it('without a doorbell: the doubling ramp, and no wait after a short page', () => {
    expect(pollingWith(settings, undefined)).toEqual({ pollIntervalMs: 5_000, minPollIntervalMs: 250 });
  });

  it('with a doorbell: the long interval after an empty and after a short page, ended by a ring; each poll answers the rings before it', async () => {
    vi.useFakeTimers({ now: 0 });
    const bell = new Doorbell({ minIntervalMs: 250 });
    const polling = pollingWith(settings, bell);
    expect(polling).toMatchObject({ pollIntervalMs: 60_000, minPollIntervalMs: 60_000, shortPageWaitMs: 60_000 });
    bell.ring();
    polling.onPoll?.();
    expect(bell.ringing).toBe(false);
    let woke = false;
    void polling.idleWait?.(polling.shortPageWaitMs ?? 0, signal()).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(1_000);
    expect(woke).toBe(false);
    bell.ring();
    await vi.advanceTimersByTimeAsync(0);
    expect(woke).toBe(true);
  });
});

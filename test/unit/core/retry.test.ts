import { describe, expect, it, vi } from 'vitest';
import { ConnectorError } from '../../../core/errors.js';
import { abortableSleep, computeBackoffDelay, DEFAULT_RETRY_POLICY, resolveRetryPolicy, retry, type RetryInfo } from '../../../core/retry.js';

const transient = (message = 'blip', context = {}) =>
  new ConnectorError(message, { code: 'WORKOS_SERVER_ERROR', retriable: true, context });

/** A sleep that records the waits and returns at once. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe('retry', () => {
  it('returns the first success and reports each wait through onRetry', async () => {
    const { waits, sleep } = recordingSleep();
    const seen: RetryInfo[] = [];
    let calls = 0;
    const result = await retry(
      async ({ attempt }) => {
        calls += 1;
        if (attempt < 3) throw transient(`fail ${attempt}`);
        return 'ok';
      },
      { sleep, random: () => 0, policy: { jitter: 0, initialDelayMs: 100, multiplier: 2 }, onRetry: (info) => seen.push(info) },
    );
    expect(result).toBe('ok');
    expect(calls).toBe(3);
    expect(waits).toEqual([100, 200]);
    expect(seen.map(({ attempt, delayMs, fromRetryAfter }) => ({ attempt, delayMs, fromRetryAfter }))).toEqual([
      { attempt: 1, delayMs: 100, fromRetryAfter: false },
      { attempt: 2, delayMs: 200, fromRetryAfter: false },
    ]);
    expect((seen[0]?.error as Error).message).toBe('fail 1');
  });

  it('ends in RETRY_EXHAUSTED keeping the attempt count and the last cause', async () => {
    const { sleep } = recordingSleep();
    let n = 0;
    const failure = retry(async () => Promise.reject(transient(`fail ${++n}`)), { sleep, policy: { maxAttempts: 4 } });
    await expect(failure).rejects.toMatchObject({ code: 'RETRY_EXHAUSTED', context: { attempts: 4 }, retriable: false });
    await failure.catch((err: ConnectorError) => expect((err.cause as Error).message).toBe('fail 4'));
  });

  it('rethrows a non-retriable error unchanged after one attempt', async () => {
    const fatal = new ConnectorError('401', { code: 'WORKOS_AUTH_FAILED' });
    const op = vi.fn(async () => Promise.reject(fatal));
    await expect(retry(op, { sleep: recordingSleep().sleep })).rejects.toBe(fatal);
    expect(op).toHaveBeenCalledTimes(1);
  });

  it('stops at once when the operation bails, even on a retriable error', async () => {
    const err = transient();
    const op = vi.fn(async ({ bail }: { bail: (e: unknown) => never }) => bail(err));
    await expect(retry(op, { sleep: recordingSleep().sleep })).rejects.toBe(err);
    expect(op).toHaveBeenCalledTimes(1);
  });

  it('waits what the server asked (retryAfterMs) instead of the backoff, capped by maxRetryAfterMs', async () => {
    const { waits, sleep } = recordingSleep();
    const errors = [transient('429', { retryAfterMs: 7_000 }), transient('429', { retryAfterMs: 900_000 })];
    let i = 0;
    const infos: RetryInfo[] = [];
    await retry(
      async () => {
        const err = errors[i++];
        if (err) throw err;
        return 'done';
      },
      { sleep, policy: { maxRetryAfterMs: 60_000, maxDelayMs: 1_000 }, onRetry: (info) => infos.push(info) },
    );
    expect(waits).toEqual([7_000, 60_000]);
    expect(infos.every((info) => info.fromRetryAfter)).toBe(true);
  });

  it('allows unlimited attempts', async () => {
    const { waits, sleep } = recordingSleep();
    let n = 0;
    const result = await retry(async () => (++n < 50 ? Promise.reject(transient()) : n), { sleep, policy: { maxAttempts: Infinity } });
    expect(result).toBe(50);
    expect(waits).toHaveLength(49);
  });

  it('interrupts a wait on abort and throws ABORTED with the last error as cause', async () => {
    const controller = new AbortController();
    const last = transient('still down');
    const started = Date.now();
    const pending = retry(async () => Promise.reject(last), {
      signal: controller.signal,
      policy: { initialDelayMs: 60_000, maxDelayMs: 60_000, jitter: 0 },
      onRetry: () => setTimeout(() => controller.abort(), 5),
    });
    await expect(pending).rejects.toMatchObject({ code: 'ABORTED', retriable: false, cause: last });
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('does not start when the signal is already aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const op = vi.fn(async () => 'never');
    await expect(retry(op, { signal: controller.signal })).rejects.toMatchObject({ code: 'ABORTED' });
    expect(op).not.toHaveBeenCalled();
  });

  it('uses a custom retry decision', async () => {
    const op = vi.fn(async () => Promise.reject(new Error('plain')));
    await expect(retry(op, { isRetriable: () => false })).rejects.toThrow('plain');
    expect(op).toHaveBeenCalledTimes(1);
  });
});

describe('computeBackoffDelay', () => {
  const policy = resolveRetryPolicy({ initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 2, jitter: 0 });

  it('grows exponentially and caps at maxDelayMs', () => {
    const delays = [1, 2, 3, 4, 5, 6].map((attempt) => computeBackoffDelay(policy, attempt, 0, () => 0.5));
    expect(delays).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(computeBackoffDelay(policy, 5_000, 0, () => 0.5)).toBe(1_000);
  });

  it('applies full jitter as a share of the ceiling', () => {
    const full = resolveRetryPolicy({ initialDelayMs: 100, maxDelayMs: 1_000, jitter: 1 });
    expect(computeBackoffDelay(full, 3, 0, () => 0)).toBe(400);
    expect(computeBackoffDelay(full, 3, 0, () => 0.75)).toBe(100);
    const half = resolveRetryPolicy({ initialDelayMs: 100, maxDelayMs: 1_000, jitter: 0.5 });
    expect(computeBackoffDelay(half, 3, 0, () => 0.999999)).toBe(200);
  });

  it('grows decorrelated delays from the previous delay, never below the initial delay', () => {
    const dec = resolveRetryPolicy({ initialDelayMs: 100, maxDelayMs: 1_000, multiplier: 3, jitter: 1, jitterMode: 'decorrelated' });
    expect(computeBackoffDelay(dec, 1, 0, () => 0)).toBe(100);
    expect(computeBackoffDelay(dec, 2, 200, () => 0)).toBe(600);
    expect(computeBackoffDelay(dec, 2, 200, () => 0.5)).toBe(350);
    expect(computeBackoffDelay(dec, 9, 900, () => 0)).toBe(1_000);
  });

  it('gives 0 for a zero initial delay instead of NaN', () => {
    const zero = resolveRetryPolicy({ initialDelayMs: 0, maxDelayMs: 0, multiplier: 10 });
    expect(computeBackoffDelay(zero, 2_000, 0, () => 0.3)).toBe(0);
  });
});

describe('resolveRetryPolicy', () => {
  it('fills defaults and freezes', () => {
    const policy = resolveRetryPolicy({ maxAttempts: Infinity });
    expect(policy).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: Infinity });
    expect(Object.isFrozen(policy)).toBe(true);
  });

  it('reports every bad field at once', () => {
    expect(() => resolveRetryPolicy({ jitter: 2, multiplier: 0.5, maxAttempts: 0 })).toThrow(
      /multiplier must be ≥ 1; jitter must be between 0 and 1; maxAttempts must be an integer ≥ 1 or Infinity/,
    );
    expect(() => resolveRetryPolicy({ initialDelayMs: 10, maxDelayMs: 5 })).toThrow(/maxDelayMs must be ≥ initialDelayMs/);
  });
});

describe('abortableSleep', () => {
  it('resolves after the delay', async () => {
    await expect(abortableSleep(1)).resolves.toBeUndefined();
  });

  it('rejects as soon as the signal aborts', async () => {
    const controller = new AbortController();
    const pending = abortableSleep(60_000, controller.signal);
    controller.abort(new Error('shutdown'));
    await expect(pending).rejects.toThrow('shutdown');
  });
});

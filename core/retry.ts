/**
 * The project's one retry helper. Policy is data ({@link RetryPolicy}); the decision to retry is
 * {@link isRetriable} (cause chain); the wait honours a server's `retryAfterMs`; shutdown
 * interrupts a wait through an `AbortSignal`. `sleep` and `random` are injectable so unit tests
 * run in microseconds and deterministically.
 */
import { ConnectorError, findRetryAfterMs, isRetriable as defaultIsRetriable } from './errors.js';
import { computeBackoffDelay, resolveRetryPolicy, type RetryPolicy } from './retry-policy.js';

export { computeBackoffDelay, DEFAULT_RETRY_POLICY, resolveRetryPolicy, type RetryPolicy } from './retry-policy.js';

/** What {@link RetryOptions.onRetry} receives before each wait. */
export interface RetryInfo {
  /** The attempt that just failed, 1-based. */
  attempt: number;
  /** How long the helper will now wait, in milliseconds. */
  delayMs: number;
  /** True when `delayMs` came from the error's `retryAfterMs` rather than the backoff. */
  fromRetryAfter: boolean;
  error: unknown;
}

/** Waits `ms` milliseconds; rejects (or resolves early) when `signal` aborts. */
export type SleepFn = (ms: number, signal?: AbortSignal) => Promise<void>;

/** Passed to the operation on every attempt. */
export interface AttemptContext {
  /** 1-based attempt number. */
  attempt: number;
  signal?: AbortSignal;
  /** Stop retrying now and fail with `err` unchanged (for errors the operation knows are final). */
  bail: (err: unknown) => never;
}

/** Options for {@link retry}. Every field is optional. */
export interface RetryOptions {
  /** Overrides merged onto {@link DEFAULT_RETRY_POLICY}. */
  policy?: Partial<RetryPolicy>;
  /** Aborting stops the next attempt and interrupts a wait; the helper then throws `ABORTED`. */
  signal?: AbortSignal;
  /** Called before each wait, e.g. to log `{ attempt, delayMs, err }` at warn level. */
  onRetry?: (info: RetryInfo) => void;
  /** Retry decision. Default: {@link isRetriable} from `core/errors`. */
  isRetriable?: (err: unknown) => boolean;
  /** Default: a `setTimeout` wait that an abort interrupts. */
  sleep?: SleepFn;
  /** Uniform random in [0, 1). Default `Math.random`. */
  random?: () => number;
}

class Bail {
  constructor(readonly error: unknown) {}
}

/**
 * Runs `operation` until it succeeds, a non-retriable error occurs (rethrown unchanged), the
 * attempts run out (`RETRY_EXHAUSTED` with `attempts` in context and the last error as cause) or
 * the signal aborts (`ABORTED`, last error as cause when there was one).
 */
export async function retry<T>(operation: (ctx: AttemptContext) => Promise<T>, options: RetryOptions = {}): Promise<T> {
  const policy = resolveRetryPolicy(options.policy);
  const sleep = options.sleep ?? abortableSleep;
  const random = options.random ?? Math.random;
  const decide = options.isRetriable ?? defaultIsRetriable;
  const { signal } = options;
  const bail = (err: unknown): never => {
    throw new Bail(err);
  };
  let previousDelayMs = 0;
  let lastError: unknown;

  for (let attempt = 1; ; attempt += 1) {
    if (signal?.aborted) throw aborted(attempt - 1, lastError);
    try {
      return await operation({ attempt, signal, bail });
    } catch (caught) {
      if (caught instanceof Bail) throw caught.error;
      lastError = caught;
      if (signal?.aborted) throw aborted(attempt, caught);
      if (!decide(caught)) throw caught;
      if (attempt >= policy.maxAttempts) {
        throw new ConnectorError(`Gave up after ${attempt} attempts: ${messageOf(caught)}`, {
          code: 'RETRY_EXHAUSTED',
          cause: caught,
          context: { attempts: attempt },
        });
      }
      const retryAfterMs = findRetryAfterMs(caught);
      const fromRetryAfter = retryAfterMs !== undefined;
      const delayMs = fromRetryAfter
        ? Math.min(retryAfterMs, policy.maxRetryAfterMs)
        : computeBackoffDelay(policy, attempt, previousDelayMs, random);
      previousDelayMs = delayMs;
      options.onRetry?.({ attempt, delayMs, fromRetryAfter, error: caught });
      try {
        await sleep(delayMs, signal);
      } catch {
        throw aborted(attempt, caught);
      }
      if (signal?.aborted) throw aborted(attempt, caught);
    }
  }
}

/** Default {@link SleepFn}: resolves after `ms`, rejects as soon as `signal` aborts. */
export const abortableSleep: SleepFn = (ms, signal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });

function aborted(attempts: number, lastError: unknown): ConnectorError {
  return new ConnectorError('Retry interrupted by shutdown', {
    code: 'ABORTED',
    cause: lastError,
    context: { attempts },
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

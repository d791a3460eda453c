/**
 * Retry policy as data, and the pure delay computation the retry helper uses.
 */
import { ConnectorError } from './errors.js';

/** How to back off. Durations in milliseconds. */
export interface RetryPolicy {
  /** Delay ceiling of the first retry. Default 500. */
  initialDelayMs: number;
  /** Cap on any computed backoff delay. Default 30 000. */
  maxDelayMs: number;
  /** Growth factor per attempt, ≥ 1. Default 2. */
  multiplier: number;
  /**
   * Share of the delay that is randomised, 0..1. 0 = exact exponential; 1 (default) = full
   * jitter, uniform in [0, ceiling] ("full") or [initial, ceiling] ("decorrelated").
   */
  jitter: number;
  /** `full` (default): ceiling = initial·multiplier^(attempt-1). `decorrelated`: ceiling = previous delay·multiplier. */
  jitterMode: 'full' | 'decorrelated';
  /** Total attempts including the first; `Infinity` allowed. Default 10. */
  maxAttempts: number;
  /** Cap on a server-requested wait (`retryAfterMs`), separate from `maxDelayMs`. Default 300 000 (5 min). */
  maxRetryAfterMs: number;
}

/** The defaults, frozen. Long-running loops (the connector's poll) usually pass `maxAttempts: Infinity`. */
export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = Object.freeze({
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  multiplier: 2,
  jitter: 1,
  jitterMode: 'full',
  maxAttempts: 10,
  maxRetryAfterMs: 300_000,
});

/** Merges overrides onto the defaults and checks them; throws `CONFIG_INVALID` listing every problem. */
export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): Readonly<RetryPolicy> {
  const defined = Object.fromEntries(Object.entries(overrides).filter(([, v]) => v !== undefined));
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...defined };
  const problems: string[] = [];
  const nonNegative = (key: keyof RetryPolicy): void => {
    const value = policy[key];
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0) problems.push(`${key} must be a number ≥ 0`);
  };
  nonNegative('initialDelayMs');
  nonNegative('maxDelayMs');
  nonNegative('maxRetryAfterMs');
  if (policy.maxDelayMs < policy.initialDelayMs) problems.push('maxDelayMs must be ≥ initialDelayMs');
  if (!(policy.multiplier >= 1)) problems.push('multiplier must be ≥ 1');
  if (!(policy.jitter >= 0 && policy.jitter <= 1)) problems.push('jitter must be between 0 and 1');
  if (policy.jitterMode !== 'full' && policy.jitterMode !== 'decorrelated') {
    problems.push("jitterMode must be 'full' or 'decorrelated'");
  }
  const { maxAttempts } = policy;
  if (!(maxAttempts === Infinity || (Number.isInteger(maxAttempts) && maxAttempts >= 1))) {
    problems.push('maxAttempts must be an integer ≥ 1 or Infinity');
  }
  if (problems.length > 0) {
    throw new ConnectorError(`Invalid retry policy: ${problems.join('; ')}`, { code: 'CONFIG_INVALID' });
  }
  return Object.freeze(policy);
}

/**
 * The backoff delay before retry number `attempt` (1 = after the first failure), in ms.
 * `previousDelayMs` feeds decorrelated jitter; `random` returns a uniform value in [0, 1).
 * The result is an integer in [0, maxDelayMs].
 */
export function computeBackoffDelay(
  policy: Readonly<RetryPolicy>,
  attempt: number,
  previousDelayMs: number,
  random: () => number,
): number {
  const { initialDelayMs, maxDelayMs, multiplier, jitter } = policy;
  if (policy.jitterMode === 'decorrelated') {
    // AWS "decorrelated jitter": grow from the last actual delay, never below the initial delay.
    const ceiling = Math.min(maxDelayMs, Math.max(initialDelayMs, previousDelayMs * multiplier));
    return Math.round(ceiling - jitter * random() * (ceiling - initialDelayMs));
  }
  // Growth may overflow to Infinity, which Math.min caps; only 0·Infinity (NaN) needs a guard.
  const ceiling = initialDelayMs === 0 ? 0 : Math.min(maxDelayMs, initialDelayMs * multiplier ** (attempt - 1));
  return Math.round(ceiling * (1 - jitter * random()));
}

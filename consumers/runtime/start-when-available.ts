/**
 * Starts a consumer group once Kafka can serve it: probe (a broker answers, the topic exists),
 * then start; a failure of either that only needs time (see `startup-failure.ts`) is waited out
 * with the project's retry helper, for as long as it takes, and reported (log and readiness)
 * without being called an error. A stop asked for meanwhile ends the wait at once.
 */
import type { Logger } from 'pino';
import { ConnectorError, isConnectorError } from '../../core/errors.js';
import { retry, type RetryPolicy, type SleepFn } from '../../core/retry.js';
import { startupWaitFor } from './startup-failure.js';
import { nextWaitLog, waitNotice, type WaitLogState } from './wait-notice.js';

/** What {@link startWhenAvailable} needs. */
export interface StartWhenAvailableOptions<R> {
  /** Resolves when the brokers answer and the topic is there (`createTopicProbe`). */
  probe: () => Promise<void>;
  /** Starts the group; called only after a successful probe. */
  start: () => Promise<R>;
  topic: string;
  /** The bootstrap list, named in the log so a wrong one is easy to spot. */
  brokers: readonly string[];
  signal: AbortSignal;
  logger: Logger;
  /** Called on every failed attempt with the readiness reason (`waiting for topic …`). */
  onWaiting?: (reason: string) => void;
  /** Backoff between attempts. Default 500 ms growing to 5 s, never giving up. */
  policy?: Partial<RetryPolicy>;
  /** Interval between log lines about the same wait. Default `WAIT_LOG_INTERVAL_MS`. */
  logIntervalMs?: number;
  sleep?: SleepFn;
  now?: () => number;
}

/** The backoff while waiting: quick to notice a new topic, modest in requests, unbounded. */
const WAIT_POLICY: Partial<RetryPolicy> = { initialDelayMs: 500, maxDelayMs: 5_000, maxAttempts: Infinity };

/** Resolves with the started group, or undefined when `signal` aborted first; rejects on a fatal failure. */
export async function startWhenAvailable<R>(options: StartWhenAvailableOptions<R>): Promise<R | undefined> {
  const { topic, brokers, signal, logger } = options;
  const now = options.now ?? Date.now;
  const began = now();
  let logged: WaitLogState | undefined;
  try {
    const run = await retry(
      async () => {
        await untilAborted(options.probe(), signal);
        // Not raced with the signal: a group started behind our back would run on; once it is
        // up, the caller's stop path sees the aborted signal and stops it at once.
        return await options.start();
      },
      {
        signal,
        policy: { ...WAIT_POLICY, ...options.policy },
        isRetriable: (err) => startupWaitFor(err) !== undefined,
        ...(options.sleep === undefined ? {} : { sleep: options.sleep }),
        onRetry: ({ error, delayMs }) => {
          // Only errors that name a wait are retried, so the fallback is never taken.
          const kind = startupWaitFor(error) ?? 'broker';
          const notice = waitNotice(kind, topic);
          options.onWaiting?.(notice.reason);
          const next = nextWaitLog(logged, kind, now(), options.logIntervalMs);
          logged = next.state;
          if (next.log) logger[notice.level]({ topic, brokers, waitedMs: now() - began, nextTryMs: delayMs, cause: messageOf(error) }, notice.message);
        },
      },
    );
    if (logged !== undefined) logger.info({ topic, waitedMs: now() - began }, 'Kafka and the topic are available; starting to consume');
    return run;
  } catch (err) {
    if (isConnectorError(err, 'ABORTED')) {
      logger.info({ topic, waitedMs: now() - began }, 'stop requested before the consumer group started');
      return undefined;
    }
    throw err;
  }
}

/** `work`, or an `ABORTED` rejection as soon as `signal` aborts (a hung connect must not hold a stop). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  // Left behind on abort: its outcome no longer matters, but it must not be an unhandled rejection.
  work.catch(() => undefined);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new ConnectorError('start-up wait interrupted by shutdown', { code: 'ABORTED' }));
    if (signal.aborted) return onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

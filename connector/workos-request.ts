/**
 * One WorkOS GET as the connector sends it: inside the request budget, retried with backoff on
 * anything retriable (429 with `Retry-After`, 5xx, timeouts, network, unreadable bodies) for as
 * long as it takes, and thrown as a fatal `ConnectorError` otherwise. The SDK's own retries are
 * off (see `createWorkosClient`), so every attempt here is exactly one HTTP request.
 */
import type { WorkOS } from '@workos-inc/node';
import type { Logger } from 'pino';
import { ConnectorError } from '../core/errors.js';
import { retry, type RetryPolicy } from '../core/retry.js';
import type { RequestBudget } from './request-budget.js';
import { classifyWorkosError } from './workos-errors.js';

/** Counters for metrics. */
export interface RequestObserver {
  onRequest?(outcome: { status: number | 'network'; durationMs: number }): void;
  onRetryWait?(info: { attempt: number; delayMs: number; code: string }): void;
}

/** What a request needs besides its path and query. */
export interface WorkosRequestDeps {
  readonly workos: WorkOS;
  readonly budget: RequestBudget;
  readonly logger: Logger;
  /** Backoff for retriable failures; attempts are unlimited. */
  readonly retryPolicy?: Partial<RetryPolicy>;
  readonly observer?: RequestObserver;
}

/**
 * Backoff between WorkOS attempts. Half of each wait is fixed and half is random: replicas and
 * windows still spread their retries, but a retry never follows a 5xx at once, as full jitter
 * (a wait anywhere in [0, ceiling]) sometimes would.
 */
export const WORKOS_RETRY_POLICY: Readonly<Partial<RetryPolicy>> = Object.freeze({ initialDelayMs: 500, maxDelayMs: 30_000, jitter: 0.5 });

/** A query as the SDK serialises it (arrays become repeated or comma-joined parameters as the SDK does). */
export type WorkosQuery = Record<string, string | number | string[]>;

function statusOf(error: unknown): number | 'network' {
  const status = (error as { context?: { status?: unknown } }).context?.status;
  return typeof status === 'number' ? status : 'network';
}

/**
 * GETs `path` and returns `parse` of its JSON body. `parse` runs inside the retry, so a body it
 * rejects with a retriable error (an answer without its data array, say) is asked for again.
 * Rejects with `ABORTED` once `signal` fires.
 */
export async function getFromWorkos<T>(deps: WorkosRequestDeps, path: string, query: WorkosQuery, signal: AbortSignal | undefined, parse: (body: unknown) => T): Promise<T> {
  const { workos, budget, logger, observer } = deps;
  return retry(
    async () => {
      await budget.take(signal);
      if (signal?.aborted) throw new ConnectorError('shutting down', { code: 'ABORTED' });
      const started = Date.now();
      try {
        // maxRetries 0: retries are this loop's, whatever client it was given. The signal aborts
        // the HTTP request itself on shutdown.
        const response = await workos.get<unknown>(path, { query, maxRetries: 0, ...(signal === undefined ? {} : { signal }) });
        observer?.onRequest?.({ status: 200, durationMs: Date.now() - started });
        return parse(response.data);
      } catch (error) {
        if (signal?.aborted) throw new ConnectorError('shutting down', { code: 'ABORTED', cause: error });
        const classified = classifyWorkosError(error);
        observer?.onRequest?.({ status: statusOf(classified), durationMs: Date.now() - started });
        throw classified;
      }
    },
    {
      signal,
      policy: { ...WORKOS_RETRY_POLICY, ...deps.retryPolicy, maxAttempts: Infinity },
      onRetry: ({ attempt, delayMs, fromRetryAfter, error }) => {
        const code = (error as { code?: string }).code ?? 'UNKNOWN';
        observer?.onRetryWait?.({ attempt, delayMs, code });
        logger.warn({ attempt, delayMs, fromRetryAfter, code, path, err: error }, 'WorkOS request failed; retrying after a wait');
      },
    },
  );
}

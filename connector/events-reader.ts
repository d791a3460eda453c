import type { WorkOS } from '@workos-inc/node';
import type { Logger } from 'pino';
import { retry, type RetryPolicy } from '../core/retry.js';
import { classifyWorkosError } from './workos-errors.js';
import { asRawWorkosEvent, type RawWorkosEvent } from './workos-event.js';
import type { RequestBudget } from './request-budget.js';

/** WorkOS's largest page; the connector always asks for it. */
export const PAGE_LIMIT = 100;

/** Where a page starts: after a known event, or at a time window (never both in one request). */
export type PageRequest =
  | { readonly after: string }
  | { readonly rangeStart: string; readonly rangeEnd?: string };

/** Counters the run loop exposes as metrics. */
export interface ReaderObserver {
  onRequest?(outcome: { status: number | 'network'; durationMs: number }): void;
  onRetryWait?(info: { attempt: number; delayMs: number; code: string }): void;
}

/** Settings for {@link WorkosEventsReader}. */
export interface WorkosEventsReaderOptions {
  readonly workos: WorkOS;
  /** Event names to ask for; WorkOS only returns the types it is asked for. */
  readonly eventTypes: readonly string[];
  readonly organizationId?: string;
  readonly budget: RequestBudget;
  readonly logger: Logger;
  /** Backoff for retriable failures; attempts are unlimited for the connector. */
  readonly retryPolicy?: Partial<RetryPolicy>;
  readonly observer?: ReaderObserver;
}

function statusOf(error: unknown): number | 'network' {
  const status = (error as { status?: unknown; context?: { status?: unknown } }).context?.status ?? (error as { status?: unknown }).status;
  return typeof status === 'number' ? status : 'network';
}

/**
 * Reads pages of raw events through the SDK's `get('/events')`: the typed `listEvents` rebuilds
 * known types from a whitelist of fields (dropping the rest) and turns timestamps into `Date`s,
 * while the raw answer is published exactly as WorkOS sent it. Retriable failures (429, 5xx,
 * timeouts, network, unreadable bodies) are retried forever with backoff, honouring
 * `Retry-After`; fatal ones (400, 401, 403, 404, 422) are thrown so the connector stops with the
 * cursor untouched.
 */
export class WorkosEventsReader {
  constructor(private readonly options: WorkosEventsReaderOptions) {}

  /** Fetches one page (up to {@link PAGE_LIMIT} events, oldest first). */
  async fetchPage(request: PageRequest, signal?: AbortSignal): Promise<RawWorkosEvent[]> {
    const { workos, budget, logger, observer } = this.options;
    const query = this.queryFor(request);
    return retry(
      async () => {
        await budget.take(signal);
        const started = Date.now();
        try {
          // maxRetries 0: retries are this loop's, whatever client it was given. The signal
          // aborts the HTTP request itself on shutdown; the SDK then rejects with its reason.
          const response = await workos.get<{ data?: unknown }>('/events', { query, maxRetries: 0, ...(signal ? { signal } : {}) });
          observer?.onRequest?.({ status: 200, durationMs: Date.now() - started });
          const data = (response.data as { data?: unknown } | undefined)?.data;
          if (!Array.isArray(data)) throw classifyWorkosError(new TypeError('WorkOS answered 200 without a data array'));
          return data.map((event, index) => asRawWorkosEvent(event, index));
        } catch (error) {
          const classified = classifyWorkosError(error);
          observer?.onRequest?.({ status: statusOf(classified), durationMs: Date.now() - started });
          throw classified;
        }
      },
      {
        signal,
        policy: { initialDelayMs: 500, maxDelayMs: 30_000, ...this.options.retryPolicy, maxAttempts: Infinity },
        onRetry: ({ attempt, delayMs, fromRetryAfter, error }) => {
          const code = (error as { code?: string }).code ?? 'UNKNOWN';
          observer?.onRetryWait?.({ attempt, delayMs, code });
          logger.warn({ attempt, delayMs, fromRetryAfter, code, err: error }, 'WorkOS request failed; retrying after a wait');
        },
      },
    );
  }

  private queryFor(request: PageRequest): Record<string, string | number | string[]> {
    const query: Record<string, string | number | string[]> = { limit: PAGE_LIMIT, events: [...this.options.eventTypes] };
    if (this.options.organizationId) query.organization_id = this.options.organizationId;
    if ('after' in request) query.after = request.after;
    else {
      query.range_start = request.rangeStart;
      if (request.rangeEnd) query.range_end = request.rangeEnd;
    }
    return query;
  }
}

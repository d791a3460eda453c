import { classifyWorkosError } from './workos-errors.js';
import { asRawWorkosEvent, type RawWorkosEvent } from './workos-event.js';
import { getFromWorkos, type RequestObserver, type WorkosQuery, type WorkosRequestDeps } from './workos-request.js';

/** WorkOS's largest page; the connector always asks for it. */
export const PAGE_LIMIT = 100;

/** Where a page starts: after a known event, or at a time window (never both in one request), optionally up to `rangeEnd`. */
export type PageRequest =
  | { readonly after: string; readonly rangeEnd?: string }
  | { readonly rangeStart: string; readonly rangeEnd?: string };

/** Counters the run loop exposes as metrics. */
export type ReaderObserver = RequestObserver;

/** Settings for {@link WorkosEventsReader}. */
export interface WorkosEventsReaderOptions extends WorkosRequestDeps {
  /** Event names to ask for; WorkOS only returns the types it is asked for. */
  readonly eventTypes: readonly string[];
  readonly organizationId?: string;
}

/**
 * Reads pages of raw events through the SDK's `get('/events')`: the typed `listEvents` rebuilds
 * known types from a whitelist of fields (dropping the rest) and turns timestamps into `Date`s,
 * while the raw answer is published exactly as WorkOS sent it. Retriable failures (429, 5xx,
 * timeouts, network, unreadable bodies) are retried forever with backoff, honouring
 * `Retry-After`; fatal ones (400, 401, 403, 404, 422) are thrown so the connector stops with the
 * cursor untouched (see `workos-request.ts`).
 */
export class WorkosEventsReader {
  constructor(private readonly options: WorkosEventsReaderOptions) {}

  /** Fetches one page (up to {@link PAGE_LIMIT} events, oldest first). */
  async fetchPage(request: PageRequest, signal?: AbortSignal): Promise<RawWorkosEvent[]> {
    return getFromWorkos(this.options, '/events', this.queryFor(request), signal, (body) => {
      const data = (body as { data?: unknown } | undefined)?.data;
      if (!Array.isArray(data)) throw classifyWorkosError(new TypeError('WorkOS answered 200 without a data array'));
      return data.map((event, index) => asRawWorkosEvent(event, index));
    });
  }

  private queryFor(request: PageRequest): WorkosQuery {
    const query: WorkosQuery = { limit: PAGE_LIMIT, events: [...this.options.eventTypes] };
    if (this.options.organizationId) query.organization_id = this.options.organizationId;
    // `after` with `range_end` is undocumented (a parallel backfill uses it and falls back to
    // sequential reading when WorkOS refuses it); `after` with `range_start` is refused.
    if ('after' in request) query.after = request.after;
    else query.range_start = request.rangeStart;
    if (request.rangeEnd) query.range_end = request.rangeEnd;
    return query;
  }
}

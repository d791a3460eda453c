/** Counters of what the emulator answered, for assertions like "three 429s, then a 200". */

/**
 * How a request ended: an HTTP status, a hang (never answered), a reset socket, or `aborted` when
 * the client gave up during an injected delay before the answer was written.
 */
export type RequestOutcome = number | 'hang' | 'reset' | 'aborted';

/** One logged request. */
export interface RequestLogEntry {
  readonly method: string;
  /** Path plus raw query string, exactly as received (e.g. `/events?events=a%2Cb`). */
  readonly url: string;
  readonly outcome: RequestOutcome;
  readonly requestId: string;
  /** Ids served on a 200 page; empty otherwise. */
  readonly ids: readonly string[];
  /**
   * The endpoint, as a route template such as `/events` or `/directories/:id/users`, so counts
   * can be read per endpoint. Default: the path of `url`.
   */
  readonly endpoint?: string;
}

/** Request counters plus a bounded log of the most recent requests. */
export class RequestStats {
  private readonly counts = new Map<RequestOutcome, number>();
  private readonly countsByEndpoint = new Map<string, Map<RequestOutcome, number>>();
  private readonly entries: RequestLogEntry[] = [];
  private totalCount = 0;

  /** @param maxLog how many recent requests to keep in {@link RequestStats.log}. Default 10,000. */
  constructor(private readonly maxLog = 10_000) {}

  /** Records one finished request (called by the server). */
  record(entry: RequestLogEntry): void {
    this.totalCount += 1;
    this.counts.set(entry.outcome, (this.counts.get(entry.outcome) ?? 0) + 1);
    const endpoint = entry.endpoint ?? entry.url.split('?')[0] ?? entry.url;
    const perEndpoint = this.countsByEndpoint.get(endpoint) ?? new Map<RequestOutcome, number>();
    perEndpoint.set(entry.outcome, (perEndpoint.get(entry.outcome) ?? 0) + 1);
    this.countsByEndpoint.set(endpoint, perEndpoint);
    this.entries.push(entry);
    if (this.entries.length > this.maxLog) this.entries.shift();
  }

  /** Requests that ended with `outcome` (a status such as 429, or `'hang'`/`'reset'`/`'aborted'`). */
  count(outcome: RequestOutcome): number {
    return this.counts.get(outcome) ?? 0;
  }

  /**
   * Requests to one endpoint (a route template, e.g. `/directory_users`), of any outcome or only
   * those that ended with `outcome`.
   */
  countFor(endpoint: string, outcome?: RequestOutcome): number {
    const perEndpoint = this.countsByEndpoint.get(endpoint);
    if (perEndpoint === undefined) return 0;
    if (outcome !== undefined) return perEndpoint.get(outcome) ?? 0;
    let total = 0;
    for (const n of perEndpoint.values()) total += n;
    return total;
  }

  /** Counts per endpoint and outcome, as plain objects (`{ "/events": { "200": 5 } }`). */
  byEndpoint(): Record<string, Record<string, number>> {
    return Object.fromEntries([...this.countsByEndpoint].map(([endpoint, counts]) => [endpoint, Object.fromEntries([...counts].map(([k, v]) => [String(k), v]))]));
  }

  /** All recorded requests. */
  get total(): number {
    return this.totalCount;
  }

  /** Counts keyed by outcome, as a plain object (`{ "200": 5, "429": 2 }`). */
  byOutcome(): Record<string, number> {
    return Object.fromEntries([...this.counts].map(([k, v]) => [String(k), v]));
  }

  /** Recent requests, oldest first. */
  get log(): readonly RequestLogEntry[] {
    return this.entries;
  }

  /** Forgets everything. */
  reset(): void {
    this.counts.clear();
    this.countsByEndpoint.clear();
    this.entries.length = 0;
    this.totalCount = 0;
  }
}

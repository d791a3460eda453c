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
}

/** Request counters plus a bounded log of the most recent requests. */
export class RequestStats {
  private readonly counts = new Map<RequestOutcome, number>();
  private readonly entries: RequestLogEntry[] = [];
  private totalCount = 0;

  /** @param maxLog how many recent requests to keep in {@link RequestStats.log}. Default 10,000. */
  constructor(private readonly maxLog = 10_000) {}

  /** Records one finished request (called by the server). */
  record(entry: RequestLogEntry): void {
    this.totalCount += 1;
    this.counts.set(entry.outcome, (this.counts.get(entry.outcome) ?? 0) + 1);
    this.entries.push(entry);
    if (this.entries.length > this.maxLog) this.entries.shift();
  }

  /** Requests that ended with `outcome` (a status such as 429, or `'hang'`/`'reset'`/`'aborted'`). */
  count(outcome: RequestOutcome): number {
    return this.counts.get(outcome) ?? 0;
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
    this.entries.length = 0;
    this.totalCount = 0;
  }
}

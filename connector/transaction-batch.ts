/**
 * Pages that go into one Kafka transaction during a backlog (KIP-618's interval boundary, applied
 * to WorkOS pages): while full pages keep coming, the loop reads on and publishes several pages
 * with the cursor after the last one, which spreads a transaction's fixed cost (coordinator
 * lookups, AddPartitionsToTxn, EndTxn and its markers) over more events. A short page, or any
 * bound reached, ends the transaction, so a live stream still publishes each page as it is read.
 */
import type { RawWorkosEvent } from './workos-event.js';

/** How far one transaction may grow. */
export interface TransactionBounds {
  /** WorkOS pages per transaction; 1 publishes every page on its own. */
  readonly maxPages: number;
  /** Longest time from reading a transaction's first page to publishing it, ms. */
  readonly maxMs: number;
  /** Largest events payload per transaction (JSON bytes, an estimate of the records' size). */
  readonly maxBytes: number;
}

/** One page per transaction, as before the bound existed. */
export const ONE_PAGE_PER_TRANSACTION: TransactionBounds = Object.freeze({ maxPages: 1, maxMs: 0, maxBytes: Number.POSITIVE_INFINITY });

/** The pages read and not yet published. */
export class PageBatch {
  private pages: RawWorkosEvent[][] = [];
  private bytes = 0;
  private startedAtMs = 0;

  constructor(private readonly bounds: TransactionBounds) {}

  /** Adds a page read at `nowMs`. */
  add(events: readonly RawWorkosEvent[], nowMs: number): void {
    if (this.pages.length === 0) this.startedAtMs = nowMs;
    this.pages.push([...events]);
    // Only worth measuring when another page could join.
    if (this.bounds.maxPages > 1) this.bytes += Buffer.byteLength(JSON.stringify(events));
  }

  /** Whether the next page may join this transaction (it is read before publishing). */
  canTakeMore(nowMs: number): boolean {
    return this.pages.length < this.bounds.maxPages && nowMs - this.startedAtMs < this.bounds.maxMs && this.bytes < this.bounds.maxBytes;
  }

  /** How long the pages in hand may still wait before they are published, ms. */
  msLeft(nowMs: number): number {
    return this.startedAtMs + this.bounds.maxMs - nowMs;
  }

  get isEmpty(): boolean {
    return this.pages.length === 0;
  }

  get pageCount(): number {
    return this.pages.length;
  }

  /** Every event held, in API order, and empties the batch. */
  take(): RawWorkosEvent[] {
    const events = this.pages.flat();
    this.pages = [];
    this.bytes = 0;
    return events;
  }
}

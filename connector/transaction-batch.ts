/**
 * Pages that go into one Kafka transaction during a backlog (KIP-618's interval boundary, applied
 * to WorkOS pages): while full pages keep coming, the loop reads on and publishes several pages
 * with the cursor after the last one, which spreads a transaction's fixed cost (coordinator
 * lookups, AddPartitionsToTxn, EndTxn and its markers) over more events. A short page, or any
 * bound reached, ends the transaction, so a live stream still publishes each page as it is read.
 */
import { joinEncodedEvents, type EncodedEvents } from './event-message.js';
import type { RawWorkosEvent } from './workos-event.js';

/** How far one transaction may grow. */
export interface TransactionBounds {
  /** WorkOS pages per transaction; 1 publishes every page on its own. */
  readonly maxPages: number;
  /** Longest time from reading a transaction's first page to publishing it, ms. */
  readonly maxMs: number;
  /** Largest events payload per transaction, bytes (the records as encoded: key, value, headers). */
  readonly maxBytes: number;
}

/** One page per transaction, as before the bound existed. */
export const ONE_PAGE_PER_TRANSACTION: TransactionBounds = Object.freeze({ maxPages: 1, maxMs: 0, maxBytes: Number.POSITIVE_INFINITY });

/** What a transaction publishes: its events and, when every page was encoded, their records. */
export interface BatchContents {
  readonly events: RawWorkosEvent[];
  readonly encoded: EncodedEvents | undefined;
}

/** The pages read and not yet published. */
export class PageBatch {
  private pages: { events: RawWorkosEvent[]; encoded: EncodedEvents | undefined }[] = [];
  private bytes = 0;
  private startedAtMs = 0;

  constructor(private readonly bounds: TransactionBounds) {}

  /**
   * Adds a page read at `nowMs`, with its records when they are encoded already (see
   * `TransactionalPublisher.encode`): the byte bound then counts what will be sent, and the
   * publisher sends them without encoding the events again.
   */
  add(events: readonly RawWorkosEvent[], nowMs: number, encoded?: EncodedEvents): void {
    if (this.pages.length === 0) this.startedAtMs = nowMs;
    this.pages.push({ events: [...events], encoded });
    // Only worth measuring when another page could join. A page without its records (encoding
    // failed; publishing encodes it again and reports why) is measured as JSON.
    if (this.bounds.maxPages > 1) this.bytes += encoded === undefined ? Buffer.byteLength(JSON.stringify(events)) : encoded.totalBytes;
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
    return this.takeAll().events;
  }

  /** Every event held, in API order, with their records when every page has them; empties the batch. */
  takeAll(): BatchContents {
    const pages = this.pages;
    this.pages = [];
    this.bytes = 0;
    const events = pages.flatMap((page) => page.events);
    const parts = pages.map((page) => page.encoded);
    const complete = parts.every((part): part is EncodedEvents => part !== undefined);
    return { events, encoded: complete ? joinEncodedEvents(parts) : undefined };
  }
}

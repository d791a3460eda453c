import { PAGE_LIMIT, WorkosEventsReader, type PageRequest, type WorkosEventsReaderOptions } from '../events-reader.js';
import type { RawWorkosEvent } from '../workos-event.js';
import type { Doorbell } from './doorbell.js';

/** The last short page: the run it was read in and its last event. */
interface ShortPage {
  readonly signal: AbortSignal;
  readonly lastId: string;
}

/**
 * The events reader with the doorbell on. The run loop polls again at once after a short page
 * (a live stream rarely answers an empty one), which at 100 events/s means about 45 requests a
 * second; with a doorbell, that poll (`after` the short page's last event, in the same run)
 * waits for a ring (coalesced, see {@link Doorbell}) or the long interval instead. Every other
 * read goes at once: full pages (a backlog), and the windows of a parallel backfill, which read
 * side by side through this reader and end each with a short page. The loop's own wait after an
 * empty page is the doorbell's `wait` too (`pollingWith`).
 */
export class DoorbellReader extends WorkosEventsReader {
  private short: ShortPage | undefined;

  constructor(
    options: WorkosEventsReaderOptions,
    private readonly doorbell: Doorbell,
    /** The long interval: how long a fetch waits for a ring at most. */
    private readonly idleMs: number,
  ) {
    super(options);
  }

  override async fetchPage(request: PageRequest, signal?: AbortSignal): Promise<RawWorkosEvent[]> {
    // Each active period of a replica runs the loop with a new signal (lease/run-replica.ts): a
    // replica that just took over polls at once rather than waiting on its previous period's page.
    const short = this.short;
    if (signal !== undefined && short?.signal === signal && 'after' in request && request.after === short.lastId) {
      this.short = undefined;
      await this.doorbell.wait(this.idleMs, signal);
    }
    this.doorbell.polled();
    const events = await super.fetchPage(request, signal);
    const last = events.at(-1);
    if (signal !== undefined && last !== undefined && events.length < PAGE_LIMIT) this.short = { signal, lastId: last.id };
    return events;
  }
}

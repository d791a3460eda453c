import { PAGE_LIMIT, WorkosEventsReader, type PageRequest, type WorkosEventsReaderOptions } from '../events-reader.js';
import type { RawWorkosEvent } from '../workos-event.js';
import type { Doorbell } from './doorbell.js';

/**
 * The events reader with the doorbell on. The run loop polls again at once after a short page
 * (a live stream rarely answers an empty one), which at 100 events/s means about 50 requests a
 * second; with a doorbell, the poll after a short page waits for a ring (coalesced, see
 * {@link Doorbell}) or the long interval instead. Full pages (a backlog) are read back to back as
 * before, and the loop's own wait after an empty page is the doorbell's `wait` too.
 */
export class DoorbellReader extends WorkosEventsReader {
  /** The run's signal when its last page was short: the next fetch of that run waits for the bell. */
  private shortIn: AbortSignal | undefined;

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
    if (signal !== undefined && this.shortIn === signal) await this.doorbell.wait(this.idleMs, signal);
    this.shortIn = undefined;
    this.doorbell.polled();
    const events = await super.fetchPage(request, signal);
    if (events.length > 0 && events.length < PAGE_LIMIT) this.shortIn = signal;
    return events;
  }
}

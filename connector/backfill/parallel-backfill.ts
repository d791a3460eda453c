/**
 * A parallel backfill: several time windows read side by side (each within the shared request
 * budget, so the API key's rate limit still holds), published strictly in API order. The oldest
 * unfinished window is the head: its pages are published as they come; later windows read ahead
 * into a bounded buffer and are published once every earlier window is complete. The cursor
 * moves with each published page as always, so a kill re-publishes nothing and re-reads at most
 * the buffered pages and the pages in flight.
 */
import type { Logger } from 'pino';
import { ConnectorError, isConnectorError } from '../../core/errors.js';
import { joinEncodedEvents, selectEncodedEvents, type EncodedEvents } from '../event-message.js';
import { PAGE_LIMIT, type PageRequest } from '../events-reader.js';
import { parseWorkosTimestamp } from '../time-windows.js';
import type { RawWorkosEvent } from '../workos-event.js';
import { DEFAULT_WINDOW_OVERLAP_MS } from '../time-windows.js';
import { dropAlreadyPublished, firstRequest, nextRequest, planBackfillWindows, type BackfillWindow } from './backfill-plan.js';

/** What a backfill needs. */
export interface BackfillDeps {
  readonly fetchPage: (request: PageRequest, signal: AbortSignal) => Promise<RawWorkosEvent[]>;
  /**
   * Publishes pages (in API order) with the cursor after their last event, in one transaction;
   * `encoded`, when given, holds exactly these events as records.
   */
  readonly publish: (events: RawWorkosEvent[], pages: number, encoded?: EncodedEvents) => Promise<void>;
  /**
   * Encodes a page as it arrives (never rejects; undefined leaves the encoding to `publish`).
   * Pages wait in the buffer meanwhile, so the work fills the time the head's transaction waits
   * for the broker instead of lengthening it.
   */
  readonly encode?: (events: readonly RawWorkosEvent[]) => Promise<EncodedEvents | undefined>;
  readonly logger: Logger;
  /** Windows read side by side. */
  readonly windows: number;
  /** Pages read ahead and not yet published, at most. */
  readonly maxBufferedPages: number;
  /** Pages per published transaction, at most. */
  readonly maxPagesPerTransaction: number;
  /**
   * Longest a page of the head may wait for more pages to join its transaction, ms (the
   * connector's TRANSACTION_MAX_MS). Default 0: publish whatever the head has.
   */
  readonly maxTransactionMs?: number;
  readonly now?: () => number;
}

/** How a backfill ended. */
export type BackfillOutcome =
  /** Every window is published up to `toMs`; streaming goes on after the last published event. */
  | { readonly kind: 'done' }
  /** WorkOS refused `after` with `range_end`: read the rest one page after another. */
  | { readonly kind: 'refused'; readonly error: unknown }
  | { readonly kind: 'stopped' };

/** A page read and not yet published, with its records once encoded. */
interface BufferedPage {
  readonly events: RawWorkosEvent[];
  readonly encoded: Promise<EncodedEvents | undefined> | undefined;
  /** When it was read, ms. */
  readonly readAtMs: number;
}

interface WindowState {
  readonly pages: BufferedPage[];
  done: boolean;
}

/** Reads from after `afterEventId` (or from `fromMs`) to `toMs` in parallel windows, publishing in order. */
export async function runParallelBackfill(deps: BackfillDeps, from: { afterEventId: string | null; fromMs: number }, toMs: number, signal: AbortSignal): Promise<BackfillOutcome> {
  const windows = planBackfillWindows(from.fromMs, toMs, deps.windows);
  const states: WindowState[] = windows.map(() => ({ pages: [], done: false }));
  const now = deps.now ?? Date.now;
  const maxWaitMs = deps.maxTransactionMs ?? 0;
  const stop = new AbortController();
  const readSignal = AbortSignal.any([signal, stop.signal]);
  let head = 0;
  let buffered = 0;
  let nextToRead = 0;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const changed = (): void => {
    const resolve = wake;
    wake = undefined;
    resolve?.();
  };
  const nextChange = (): Promise<void> => new Promise((resolve) => (wake = resolve));
  const changeWithin = async (ms: number): Promise<void> => {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([nextChange(), new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  };
  const capacityWaiters: (() => void)[] = [];
  const waitForCapacity = async (index: number): Promise<void> => {
    // The head never waits: it is what frees the buffer.
    while (index !== head && buffered >= deps.maxBufferedPages && !readSignal.aborted) await new Promise<void>((resolve) => capacityWaiters.push(resolve));
  };
  const freeCapacity = (): void => {
    for (const resolve of capacityWaiters.splice(0)) resolve();
  };

  // The other windows start once the first one has been answered: a fatal answer (a refused
  // key, say) then costs one request, not one per window.
  let firstAnswered: () => void = () => undefined;
  const firstAnswer = new Promise<void>((resolve) => (firstAnswered = resolve));
  readSignal.addEventListener('abort', () => firstAnswered(), { once: true });
  const readWindow = async (window: BackfillWindow): Promise<void> => {
    let request = firstRequest(window, from.afterEventId);
    if (window.index > 0) await firstAnswer;
    for (;;) {
      await waitForCapacity(window.index);
      if (readSignal.aborted) return;
      const events = await deps.fetchPage(request, readSignal);
      if (window.index === 0) firstAnswered();
      states[window.index]!.pages.push({ events, encoded: deps.encode?.(events), readAtMs: now() });
      buffered += 1;
      const last = events.at(-1);
      if (events.length < PAGE_LIMIT || last === undefined) {
        states[window.index]!.done = true;
        changed();
        return;
      }
      changed();
      request = nextRequest(window, last.id);
    }
  };
  const reader = async (): Promise<void> => {
    while (nextToRead < windows.length && !readSignal.aborted) {
      const window = windows[nextToRead++] as BackfillWindow;
      await readWindow(window);
    }
  };
  const readers = Array.from({ length: Math.min(deps.windows, windows.length) }, () =>
    reader().catch((error: unknown) => {
      failure ??= error;
      stop.abort();
      changed();
      freeCapacity();
    }),
  );

  deps.logger.info({ windows: windows.length, side_by_side: deps.windows, from: new Date(from.fromMs).toISOString(), to: new Date(toMs).toISOString() }, 'parallel backfill starting');
  // Ids near the end of the window published last, and of the head: where windows overlap.
  let previousTail = new Set<string>();
  let currentTail = new Set<string>();
  try {
    while (head < windows.length) {
      const state = states[head] as WindowState;
      if (state.pages.length === 0 && !state.done) {
        if (failure !== undefined || signal.aborted) break;
        await nextChange();
        continue;
      }
      // While the head is still being read, its pages wait (within the time bound) until a whole
      // transaction's worth is in: publishing each page as it comes costs a transaction per page
      // (coordinator lookups, AddPartitionsToTxn, EndTxn and its markers on every partition),
      // which while the other windows read ahead is most of the publishing time.
      const waitMs = (state.pages[0] as BufferedPage).readAtMs + maxWaitMs - now();
      if (!state.done && state.pages.length < deps.maxPagesPerTransaction && waitMs > 0 && failure === undefined && !signal.aborted) {
        await changeWithin(waitMs);
        continue;
      }
      const pages = state.pages.splice(0, deps.maxPagesPerTransaction);
      buffered -= pages.length;
      freeCapacity();
      const { events, encoded } = await withoutPublished(pages, previousTail);
      if (events.length > 0) await deps.publish(events, pages.length, encoded);
      addTailIds(currentTail, events, windows[head] as BackfillWindow);
      if (state.done && state.pages.length === 0) {
        head += 1;
        previousTail = currentTail;
        currentTail = new Set();
      }
      if (signal.aborted) break;
    }
  } finally {
    stop.abort();
    freeCapacity();
    await Promise.all(readers);
  }
  if (head >= windows.length) {
    deps.logger.info({ windows: windows.length }, 'parallel backfill complete');
    return { kind: 'done' };
  }
  if (failure !== undefined && !signal.aborted) {
    if (isConnectorError(failure, 'WORKOS_BAD_REQUEST')) return { kind: 'refused', error: failure };
    throw failure instanceof Error ? failure : new ConnectorError(String(failure), { code: 'WORKOS_UNEXPECTED' });
  }
  return { kind: 'stopped' };
}

/** The events of `pages` not in `published` (read twice where windows overlap), with their records when every page has them. */
async function withoutPublished(pages: readonly BufferedPage[], published: ReadonlySet<string>): Promise<{ events: RawWorkosEvent[]; encoded: EncodedEvents | undefined }> {
  const all = pages.flatMap((page) => page.events);
  const events = dropAlreadyPublished(all, published);
  const parts = await Promise.all(pages.map((page) => page.encoded));
  if (!parts.every((part): part is EncodedEvents => part !== undefined)) return { events, encoded: undefined };
  const encoded = joinEncodedEvents(parts);
  if (events.length === all.length) return { events, encoded };
  return { events, encoded: selectEncodedEvents(encoded, all.map((event) => !published.has(event.id))) };
}

/** Adds the ids of `events` the next window may read again: those within the overlap of `window`'s end. */
function addTailIds(ids: Set<string>, events: readonly RawWorkosEvent[], window: BackfillWindow): void {
  for (const event of events) {
    const at = parseWorkosTimestamp(event.created_at);
    if (at !== null && at >= window.endMs - 2 * DEFAULT_WINDOW_OVERLAP_MS) ids.add(event.id);
  }
}

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
import { PAGE_LIMIT, type PageRequest } from '../events-reader.js';
import { parseWorkosTimestamp } from '../time-windows.js';
import type { RawWorkosEvent } from '../workos-event.js';
import { DEFAULT_WINDOW_OVERLAP_MS } from '../time-windows.js';
import { dropAlreadyPublished, firstRequest, nextRequest, planBackfillWindows, type BackfillWindow } from './backfill-plan.js';

/** What a backfill needs. */
export interface BackfillDeps {
  readonly fetchPage: (request: PageRequest, signal: AbortSignal) => Promise<RawWorkosEvent[]>;
  /** Publishes pages (in API order) with the cursor after their last event, in one transaction. */
  readonly publish: (events: RawWorkosEvent[], pages: number) => Promise<void>;
  readonly logger: Logger;
  /** Windows read side by side. */
  readonly windows: number;
  /** Pages read ahead and not yet published, at most. */
  readonly maxBufferedPages: number;
  /** Pages per published transaction, at most. */
  readonly maxPagesPerTransaction: number;
}

/** How a backfill ended. */
export type BackfillOutcome =
  /** Every window is published up to `toMs`; streaming goes on after the last published event. */
  | { readonly kind: 'done' }
  /** WorkOS refused `after` with `range_end`: read the rest one page after another. */
  | { readonly kind: 'refused'; readonly error: unknown }
  | { readonly kind: 'stopped' };

interface WindowState {
  readonly pages: RawWorkosEvent[][];
  done: boolean;
}

/** Reads from after `afterEventId` (or from `fromMs`) to `toMs` in parallel windows, publishing in order. */
export async function runParallelBackfill(deps: BackfillDeps, from: { afterEventId: string | null; fromMs: number }, toMs: number, signal: AbortSignal): Promise<BackfillOutcome> {
  const windows = planBackfillWindows(from.fromMs, toMs, deps.windows);
  const states: WindowState[] = windows.map(() => ({ pages: [], done: false }));
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
      states[window.index]!.pages.push(events);
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
      const pages = state.pages.splice(0, deps.maxPagesPerTransaction);
      buffered -= pages.length;
      freeCapacity();
      const events = dropAlreadyPublished(pages.flat(), previousTail);
      if (events.length > 0) await deps.publish(events, pages.length);
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

/** Adds the ids of `events` the next window may read again: those within the overlap of `window`'s end. */
function addTailIds(ids: Set<string>, events: readonly RawWorkosEvent[], window: BackfillWindow): void {
  for (const event of events) {
    const at = parseWorkosTimestamp(event.created_at);
    if (at !== null && at >= window.endMs - 2 * DEFAULT_WINDOW_OVERLAP_MS) ids.add(event.id);
  }
}

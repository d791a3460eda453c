/**
 * The run loop decides when the poll after a short page goes: at once by default (polling
 * alone), or after `idleWait` for `shortPageWaitMs` (a doorbell: a ring ends it). Full pages are
 * always read back to back. No Kafka, no WorkOS: the reader and the publisher are fakes that log.
 */
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { cursorAfter } from '../../../connector/cursor-record.js';
import type { CursorStore } from '../../../connector/cursor-store.js';
import { PAGE_LIMIT, type PageRequest, type WorkosEventsReader } from '../../../connector/events-reader.js';
import { LagTracker } from '../../../connector/lag-tracker.js';
import type { TransactionalPublisher } from '../../../connector/publisher.js';
import { runLoop, type RunLoopDeps } from '../../../connector/run-loop.js';
import type { RawWorkosEvent } from '../../../connector/workos-event.js';

const logger = pino({ level: 'silent' });
let nextId = 0;
const page = (n: number): RawWorkosEvent[] =>
  Array.from({ length: n }, () => ({ object: 'event', id: `event_${String((nextId += 1)).padStart(6, '0')}`, event: 'user.created', data: {}, created_at: new Date().toISOString() }) as unknown as RawWorkosEvent);

/** A loop over `pages` (then empty pages), stopped after `stopAfter` log entries; returns the log. */
async function runOver(pages: number[], extra: Partial<RunLoopDeps>, stopAfter: number): Promise<string[]> {
  const log: string[] = [];
  const controller = new AbortController();
  const note = (entry: string): void => {
    log.push(entry);
    if (log.length >= stopAfter) controller.abort();
  };
  let call = 0;
  const reader = {
    fetchPage: async (request: PageRequest): Promise<RawWorkosEvent[]> => {
      const events = page(pages[call++] ?? 0);
      note(`fetch ${'after' in request ? 'after' : 'range'} → ${events.length}`);
      return events;
    },
  } as unknown as WorkosEventsReader;
  const publisher = {
    connect: async () => undefined,
    disconnect: async () => undefined,
    reconnect: async () => undefined,
    encode: async () => undefined,
    publishPage: async (events: readonly RawWorkosEvent[]) => note(`publish ${events.length}`),
  } as unknown as TransactionalPublisher;
  const cursorStore = { readLatest: async () => cursorAfter('test', { id: 'event_000000', created_at: new Date().toISOString() }) } as unknown as CursorStore;
  const deps: RunLoopDeps = {
    connectorName: 'test',
    reader,
    publisher,
    cursorStore,
    lag: new LagTracker(logger, 30),
    logger,
    start: { kind: 'now' },
    retentionDays: 30,
    pollIntervalMs: 5_000,
    minPollIntervalMs: 250,
    idleWait: async (ms) => note(`wait ${ms}`),
    ...extra,
  };
  await runLoop(deps, controller.signal);
  return log;
}

describe('run loop: the poll after a short page', () => {
  it('goes at once by default (polling alone): no wait between a short page and the next poll', async () => {
    const log = await runOver([3, 2, 1], {}, 7);
    expect(log).toEqual(['fetch after → 3', 'publish 3', 'fetch after → 2', 'publish 2', 'fetch after → 1', 'publish 1', 'fetch after → 0']);
  });

  it('waits through idleWait for shortPageWaitMs, after publishing the short page', async () => {
    const log = await runOver([3, 2], { shortPageWaitMs: 60_000 }, 8);
    expect(log).toEqual(['fetch after → 3', 'publish 3', 'wait 60000', 'fetch after → 2', 'publish 2', 'wait 60000', 'fetch after → 0', 'wait 250']);
  });

  it('reads full pages back to back: only the short page that ends a backlog waits', async () => {
    const log = await runOver([PAGE_LIMIT, PAGE_LIMIT, 4], { shortPageWaitMs: 60_000 }, 6);
    // The full pages' next page is fetched while the page in hand is published.
    expect(log.filter((entry) => entry.startsWith('wait'))).toEqual(['wait 60000']);
    expect(log.indexOf('wait 60000')).toBe(log.length - 1);
    expect(log.filter((entry) => entry.startsWith('fetch'))).toEqual([`fetch after → ${PAGE_LIMIT}`, `fetch after → ${PAGE_LIMIT}`, 'fetch after → 4']);
  });

  it('calls onPoll as each poll starts, prefetches included', async () => {
    const polls: number[] = [];
    let fetched = 0;
    const log = await runOver(
      [PAGE_LIMIT, 2],
      {
        shortPageWaitMs: 1_000,
        onPoll: () => polls.push(fetched),
        reader: {
          fetchPage: async () => page([PAGE_LIMIT, 2][fetched++] ?? 0),
        } as unknown as WorkosEventsReader,
      },
      3,
    );
    expect(log).toEqual([`publish ${PAGE_LIMIT}`, 'publish 2', 'wait 1000']);
    // Each onPoll came before its fetch: none of the fetches had happened yet when it was called.
    expect(polls).toEqual([0, 1]);
  });
});

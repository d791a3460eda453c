import type { Logger } from 'pino';
import { ConnectorError, isConnectorError } from '../core/errors.js';
import { abortableSleep, retry } from '../core/retry.js';
import { cursorAfter, cursorAtTime, type CursorRecord } from './cursor-record.js';
import type { CursorStore } from './cursor-store.js';
import { PAGE_LIMIT, type WorkosEventsReader } from './events-reader.js';
import { idlePollDelayMs } from './idle-poll.js';
import type { LagTracker } from './lag-tracker.js';
import type { TransactionalPublisher } from './publisher.js';
import { nextEmptyWindow, positionFromCursor, requestFor, type ReadPosition } from './read-position.js';
import type { StartPosition } from './config.js';
import type { RawWorkosEvent } from './workos-event.js';

/** What the loop needs; built by `createConnector`. */
export interface RunLoopDeps {
  readonly connectorName: string;
  readonly reader: WorkosEventsReader;
  readonly publisher: TransactionalPublisher;
  readonly cursorStore: CursorStore;
  readonly lag: LagTracker;
  readonly logger: Logger;
  readonly start: StartPosition;
  readonly retentionDays: number;
  /** Longest wait between polls once caught up, ms. */
  readonly pollIntervalMs: number;
  /** First wait after events were seen, doubling per empty page up to `pollIntervalMs`. Default `pollIntervalMs`. */
  readonly minPollIntervalMs?: number;
  readonly now?: () => number;
  /** Creates or checks the topics; run (again) at each start-up attempt. */
  readonly prepareTopics?: () => Promise<void>;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

// A prefetch runs while the previous page is being published; its failure must surface when it
// is awaited, not as an unhandled rejection in between.
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
}

function unwrap<T>(result: Settled<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}

function initialCursor(name: string, start: StartPosition, retentionDays: number, nowMs: number): CursorRecord {
  if (start.kind === 'timestamp') return cursorAtTime(name, start.at);
  if (start.kind === 'now') return cursorAtTime(name, new Date(nowMs));
  return cursorAtTime(name, new Date(nowMs - retentionDays * 86_400_000));
}

/**
 * The connector's main loop: read a page, publish it with its cursor in one transaction, repeat.
 * The next page is fetched while the current one is published; the cursor only ever moves in the
 * transaction that publishes the events it covers. Returns when `signal` aborts, after the page
 * in hand is committed.
 */
export async function runLoop(deps: RunLoopDeps, signal: AbortSignal): Promise<void> {
  const { reader, publisher, cursorStore, lag, logger, connectorName } = deps;
  const now = deps.now ?? Date.now;
  let cursor = await startUp(deps, signal);
  let position = positionFromCursor(cursor);
  let prefetched: Promise<Settled<RawWorkosEvent[]>> | null = null;
  let emptyPolls = 0;

  while (!signal.aborted) {
    const pending = prefetched ?? settle(reader.fetchPage(requestFor(position, now()), signal));
    prefetched = null;
    const fetched = await pending;
    // Shutdown cuts a pending WorkOS request short (it rejects ABORTED): a clean stop, not a failure.
    if (signal.aborted) break;
    const events = unwrap(fetched);
    if (events.length === 0) {
      const next = nextEmptyWindow(position, now());
      if (next) {
        position = next;
        continue;
      }
      lag.report();
      emptyPolls += 1;
      const waitMs = idlePollDelayMs(emptyPolls, deps.minPollIntervalMs ?? deps.pollIntervalMs, deps.pollIntervalMs);
      await abortableSleep(waitMs, signal).catch(() => undefined);
      continue;
    }
    emptyPolls = 0;
    const last = events.at(-1) as RawWorkosEvent;
    const nextPosition: ReadPosition = { kind: 'after', eventId: last.id };
    // A full page means more is waiting: fetch it now, overlapping the Kafka transaction.
    if (events.length >= PAGE_LIMIT) prefetched = settle(reader.fetchPage(requestFor(nextPosition, now()), signal));
    const nextCursor = cursorAfter(connectorName, last);
    await publishReconciled(deps, events, cursor, nextCursor);
    cursor = nextCursor;
    position = nextPosition;
    lag.onPagePublished(events);
    lag.checkRetention(last.created_at);
    lag.report();
  }
  if (prefetched) await prefetched;
  logger.info({ progress: lag.progress }, 'connector stopped reading');
}

/**
 * Registers the transactional id (fencing any older instance), reads the stored cursor and, when
 * there is none, stores the start position. A broker that is still creating the topics or
 * electing leaders answers with retriable errors, so start-up retries them; a misconfigured topic
 * or fencing is final.
 */
async function startUp(deps: RunLoopDeps, signal: AbortSignal): Promise<CursorRecord> {
  const { publisher, cursorStore, logger, connectorName } = deps;
  const now = deps.now ?? Date.now;
  return retry(
    async ({ attempt }) => {
      if (attempt > 1) await publisher.disconnect();
      await deps.prepareTopics?.();
      await publisher.connect();
      const stored = await cursorStore.readLatest();
      if (stored !== null) return stored;
      // Persist the start before any event arrives, so a restart does not re-evaluate "now".
      const initial = initialCursor(connectorName, deps.start, deps.retentionDays, now());
      await publisher.publishPage([], initial);
      logger.info({ cursor: initial }, 'no stored cursor; starting from the configured start position');
      return initial;
    },
    {
      signal,
      policy: { maxAttempts: 30, initialDelayMs: 500, maxDelayMs: 10_000 },
      onRetry: ({ attempt, delayMs, error }) => logger.warn({ attempt, delayMs, err: error }, 'connector start-up failed; retrying'),
    },
  );
}

/**
 * Publishes with retries. After a failed transaction the outcome is unknown (a commit can succeed
 * on the broker while its answer is lost), so the stored cursor decides: if it already shows this
 * page, the page is done; if it still shows the previous position, publish again; anything else
 * means another writer and stops the connector.
 */
async function publishReconciled(
  deps: RunLoopDeps,
  events: RawWorkosEvent[],
  previous: CursorRecord,
  next: CursorRecord,
): Promise<void> {
  const { publisher, cursorStore, logger } = deps;
  await retry(
    async ({ attempt, bail }) => {
      if (attempt > 1) {
        await publisher.reconnect();
        const stored = await cursorStore.readLatest();
        if (stored?.event_id === next.event_id) return;
        if (stored?.event_id !== previous.event_id) {
          bail(new ConnectorError(`stored cursor moved to ${stored?.event_id ?? 'nothing'} under this connector`, { code: 'CURSOR_INVALID' }));
        }
      }
      try {
        await publisher.publishPage(events, next);
      } catch (error) {
        if (isConnectorError(error, 'KAFKA_FENCED')) bail(error);
        throw error;
      }
    },
    {
      // No abort signal: shutdown must not interrupt reconciliation half-way; the loop checks it between pages.
      policy: { maxAttempts: Infinity, initialDelayMs: 200, maxDelayMs: 10_000 },
      onRetry: ({ attempt, delayMs, error }) =>
        logger.warn({ attempt, delayMs, err: error, eventId: next.event_id }, 'Kafka transaction failed; reconciling with the stored cursor'),
    },
  );
}

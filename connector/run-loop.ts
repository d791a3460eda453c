import type { Logger } from 'pino';
import { ConnectorError, isConnectorError, isRetriableOrKafkaUnreachable } from '../core/errors.js';
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
import { fullSnapshotPlan, organizationSnapshotPlan } from './snapshot/snapshot-plan.js';
import type { SnapshotRequests } from './lease/request-queue.js';
import { requestSatisfied } from './control/request-satisfied.js';
import { newSnapshotProgress, sameCursorPosition, snapshotInProgress, type SnapshotCursor } from './snapshot/snapshot-progress.js';
import { runSnapshot, type SnapshotRunnerDeps } from './snapshot/run-snapshot.js';
import type { Message } from 'kafkajs';
import { ONE_PAGE_PER_TRANSACTION, PageBatch, type TransactionBounds } from './transaction-batch.js';
import { runParallelBackfill } from './backfill/parallel-backfill.js';
import type { SnapshotRequest } from '../schemas/control-record.js';

/** How a backlog far behind is read. */
export interface BackfillSettings {
  /** Time windows read side by side; 1 reads one page after another. */
  readonly windows: number;
  /** Pages read ahead of the one being published, at most (the memory bound). */
  readonly maxBufferedPages: number;
}

/** See {@link SnapshotDeps.mode}. */
export type SnapshotMode = 'initial' | 'never' | 'when_needed';

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
  /** Snapshots of WorkOS's state APIs; without it the connector only streams events. */
  readonly snapshot?: SnapshotDeps;
  /**
   * The wait between polls once caught up; resolves early to poll at once (a webhook doorbell,
   * see `connector/doorbell/`). Default: a plain sleep.
   */
  readonly idleWait?: (ms: number, signal: AbortSignal) => Promise<void>;
  /**
   * How long the poll after a short page waits through `idleWait`, ms. Default 0: poll again at
   * once, since a live stream rarely answers an empty page and polling alone has nothing else to
   * tell it more events arrived. A doorbell sets its long interval here: a ring says when.
   */
  readonly shortPageWaitMs?: number;
  /** Called as each of the loop's polls starts (a doorbell counts the rings until then as answered). */
  readonly onPoll?: () => void;
  /** Parallel backfill of a cursor far behind; absent or one window reads one page after another. */
  readonly backfill?: BackfillSettings;
  /** How many pages one transaction may carry during a backlog; default one page each. */
  readonly transaction?: TransactionBounds;
}

/** When the connector snapshots, and how. */
export interface SnapshotDeps {
  /**
   * `initial`: on a first start (no stored cursor), snapshot, then stream. `when_needed`: also
   * when the stored cursor is older than WorkOS's retention or WorkOS refuses it. `never`.
   */
  readonly mode: SnapshotMode;
  readonly runner: Omit<SnapshotRunnerDeps, 'publish'>;
  /** A new snapshot id (`snapshot_<ULID>`). */
  readonly newId: () => string;
  /** Snapshots requested on the control topic (`snapshot` command, `reconcile --repair`); taken once caught up. */
  readonly requests?: SnapshotRequests;
}

type Settled<T> = { ok: true; value: T } | { ok: false; error: unknown };

// A prefetch runs while the previous page is being published; its failure must surface when it
// is awaited, not as an unhandled rejection in between.
function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then((value) => ({ ok: true as const, value }), (error: unknown) => ({ ok: false as const, error }));
}

/** Whether `promise` settles within `ms` (it is not cancelled either way). */
async function settledWithin(promise: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), Math.max(0, ms))));
  try {
    return await Promise.race([promise.then(() => true), timeout]);
  } finally {
    clearTimeout(timer);
  }
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
  let cursor = await snapshotUntilDone(deps, await startUp(deps, signal), signal);
  if (deps.backfill !== undefined && deps.backfill.windows > 1) cursor = await backfillIfBehind(deps, deps.backfill, cursor, signal);
  let position = positionFromCursor(cursor);
  let prefetched: Promise<Settled<RawWorkosEvent[]>> | null = null;
  let emptyPolls = 0;
  const batch = new PageBatch(deps.transaction ?? ONE_PAGE_PER_TRANSACTION);
  const idleWait = deps.idleWait ?? abortableSleep;
  const poll = (at: ReadPosition): Promise<Settled<RawWorkosEvent[]>> => {
    deps.onPoll?.();
    return settle(reader.fetchPage(requestFor(at, now()), signal));
  };
  while (!signal.aborted) {
    const pending = prefetched ?? poll(position);
    prefetched = null;
    // A read that takes longer than the transaction may wait (WorkOS retries, say) does not hold
    // the pages in hand: they are published meanwhile.
    if (!batch.isEmpty && !(await settledWithin(pending, batch.msLeft(now())))) cursor = await publishBatch(deps, batch, cursor);
    const fetched = await pending;
    // Shutdown cuts a pending WorkOS request short (it rejects ABORTED): a clean stop, not a failure.
    if (signal.aborted) break;
    // A read that fails ends the transaction in hand first: what was read is published.
    if (!fetched.ok && !batch.isEmpty) cursor = await publishBatch(deps, batch, cursor);
    if (!fetched.ok && refusedCursor(deps, position, fetched.error)) {
      logger.warn({ err: fetched.error, cursor }, 'WorkOS refused the stored cursor; reading from the oldest event it keeps, then snapshotting its state');
      const restart = withSnapshotDue(retentionStartCursor(deps, now()), cursor);
      await publishReconciled(deps, (publisher) => publisher.publishPage([], restart), cursor, restart);
      cursor = restart;
      position = positionFromCursor(cursor);
      continue;
    }
    const events = unwrap(fetched);
    if (events.length === 0 && !batch.isEmpty) cursor = await publishBatch(deps, batch, cursor);
    if (events.length === 0) {
      const next = nextEmptyWindow(position, now());
      if (next) {
        position = next;
        continue;
      }
      const afterSnapshot = await snapshotOnceCaughtUp(deps, cursor, signal);
      if (afterSnapshot !== undefined) {
        cursor = afterSnapshot;
        position = positionFromCursor(cursor);
        continue;
      }
      lag.report();
      emptyPolls += 1;
      const waitMs = idlePollDelayMs(emptyPolls, deps.minPollIntervalMs ?? deps.pollIntervalMs, deps.pollIntervalMs);
      await idleWait(waitMs, signal).catch(() => undefined);
      continue;
    }
    emptyPolls = 0;
    const last = events.at(-1) as RawWorkosEvent;
    position = { kind: 'after', eventId: last.id };
    const full = events.length >= PAGE_LIMIT;
    // A full page means more is waiting: fetch it now, overlapping the Kafka transaction.
    if (full) prefetched = poll(position);
    // Encoded now, while the next page is on its way; the transaction sends these records.
    batch.add(events, now(), await publisher.encode(events));
    // During a backlog the next page joins this transaction, within the bounds.
    if (full && batch.canTakeMore(now())) continue;
    cursor = await publishBatch(deps, batch, cursor);
    // A short page means the stream is caught up; a live stream rarely answers an empty one.
    if (!full) {
      const afterSnapshot = await snapshotOnceCaughtUp(deps, cursor, signal);
      if (afterSnapshot !== undefined) {
        cursor = afterSnapshot;
        position = positionFromCursor(cursor);
      } else if ((deps.shortPageWaitMs ?? 0) > 0) {
        // Waits after the publish, as the wait after an empty page does: a ring that came during
        // the poll or the publish ends it as soon as the doorbell's spacing allows.
        await idleWait(deps.shortPageWaitMs ?? 0, signal).catch(() => undefined);
      }
    }
  }
  // The pages in hand are committed before stopping, as a single page always was.
  if (!batch.isEmpty) cursor = await publishBatch(deps, batch, cursor);
  if (prefetched) await prefetched;
  logger.info({ progress: lag.progress }, 'connector stopped reading');
}

/**
 * Publishes the pages in `batch` with the cursor after their last event, in one transaction,
 * reconciled after a failure like a single page; returns the new cursor.
 */
async function publishBatch(deps: RunLoopDeps, batch: PageBatch, cursor: CursorRecord): Promise<CursorRecord> {
  const { lag } = deps;
  const pages = batch.pageCount;
  const { events, encoded } = batch.takeAll();
  const last = events.at(-1) as RawWorkosEvent;
  const nextCursor = carrySnapshotFields(cursorAfter(deps.connectorName, last), cursor);
  await publishReconciled(deps, (publisher) => publisher.publishPage(events, nextCursor, encoded), cursor, nextCursor);
  lag.onPagePublished(events, pages);
  lag.checkRetention(last.created_at);
  lag.report();
  return nextCursor;
}

/** A cursor further behind than this is read in parallel windows (when enabled). */
export const BACKFILL_MIN_SPAN_MS = 3_600_000;

/**
 * When the cursor is more than {@link BACKFILL_MIN_SPAN_MS} behind, reads up to now in parallel
 * windows, publishing in order (`backfill/parallel-backfill.ts`); returns the cursor after the
 * last published page. When WorkOS refuses `after` with `range_end`, the rest is read one page
 * after another by the loop.
 */
async function backfillIfBehind(deps: RunLoopDeps, backfill: BackfillSettings, cursor: CursorRecord, signal: AbortSignal): Promise<CursorRecord> {
  const now = deps.now ?? Date.now;
  const fromMs = Date.parse(cursor.event_created_at ?? '');
  const toMs = now();
  if (!Number.isFinite(fromMs) || toMs - fromMs < BACKFILL_MIN_SPAN_MS) return cursor;
  let current = cursor;
  const outcome = await runParallelBackfill(
    {
      fetchPage: (request, readSignal) => deps.reader.fetchPage(request, readSignal),
      encode: (events) => deps.publisher.encode(events),
      publish: async (events, pages, encoded) => {
        const last = events.at(-1) as RawWorkosEvent;
        const next = carrySnapshotFields(cursorAfter(deps.connectorName, last), current);
        await publishReconciled(deps, (publisher) => publisher.publishPage(events, next, encoded), current, next);
        current = next;
        deps.lag.onPagePublished(events, pages);
        deps.lag.checkRetention(last.created_at);
        deps.lag.report();
      },
      logger: deps.logger,
      windows: backfill.windows,
      maxBufferedPages: backfill.maxBufferedPages,
      maxPagesPerTransaction: deps.transaction?.maxPages ?? 1,
      maxTransactionMs: deps.transaction?.maxMs ?? 0,
    },
    { afterEventId: cursor.event_id, fromMs },
    toMs,
    signal,
  );
  if (outcome.kind === 'refused') {
    deps.logger.warn({ err: outcome.error }, 'WorkOS refused `after` with `range_end`; reading the rest of the backlog one page after another');
  }
  return current;
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
      if (stored !== null) {
        if (deps.snapshot?.mode !== 'when_needed' || snapshotInProgress(stored) !== undefined || !olderThanRetention(deps, stored, now())) return stored;
        logger.warn({ cursor: stored, retentionDays: deps.retentionDays }, 'stored cursor is older than WorkOS keeps events; reading from the oldest event it keeps, then snapshotting its state');
        const restart = withSnapshotDue(retentionStartCursor(deps, now()), stored);
        await publishReconciled(deps, (p) => p.publishPage([], restart), stored, restart);
        return restart;
      }
      // Persist the start before any event arrives, so a restart does not re-evaluate "now". A
      // first snapshot is due once the events WorkOS still keeps are read (see the loop).
      const start = initialCursor(connectorName, deps.start, deps.retentionDays, now());
      const initial = deps.snapshot !== undefined && deps.snapshot.mode !== 'never' ? withSnapshotDue(start, null) : start;
      await publisher.publishPage([], initial);
      logger.info({ cursor: initial }, 'no stored cursor; starting from the configured start position');
      return initial;
    },
    {
      signal,
      policy: { maxAttempts: 30, initialDelayMs: 500, maxDelayMs: 10_000 },
      isRetriable: isRetriableOrKafkaUnreachable,
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
  publish: (publisher: TransactionalPublisher) => Promise<void>,
  previous: CursorRecord | null,
  next: CursorRecord,
): Promise<void> {
  const { publisher, cursorStore, logger } = deps;
  await retry(
    async ({ attempt, bail }) => {
      if (attempt > 1) {
        await publisher.reconnect();
        const stored = await cursorStore.readLatest();
        if (sameCursorPosition(stored, next)) return;
        const unchanged = previous === null ? stored === null : sameCursorPosition(stored, previous);
        // Only a writer with this connector's transactional id moves the cursor: another instance
        // took over (fenced this one), whatever answer the broker gave the failed transaction.
        if (!unchanged) {
          bail(new ConnectorError(`stored cursor moved to ${stored?.event_id ?? 'nothing'} under this connector: another instance took over`, { code: 'KAFKA_FENCED' }));
        }
      }
      try {
        await publish(publisher);
      } catch (error) {
        if (isConnectorError(error, 'KAFKA_FENCED')) bail(error);
        throw error;
      }
    },
    {
      // No abort signal: shutdown must not interrupt reconciliation half-way; the loop checks it between pages.
      policy: { maxAttempts: Infinity, initialDelayMs: 200, maxDelayMs: 10_000 },
      // A broker that restarts is waited for, however long kafkajs' own retries lasted.
      isRetriable: isRetriableOrKafkaUnreachable,
      onRetry: ({ attempt, delayMs, error }) =>
        logger.warn({ attempt, delayMs, err: error, eventId: next.event_id }, 'Kafka transaction failed; reconciling with the stored cursor'),
    },
  );
}

/**
 * `next` with the snapshot fields of `previous` carried over: the summary of the last finished
 * snapshot (so `status` keeps showing it) and a snapshot still due (so a restart while catching
 * up still takes it).
 */
function carrySnapshotFields(next: CursorRecord, previous: CursorRecord): CursorRecord {
  const { last_snapshot: summary, snapshot_due: due } = previous as SnapshotCursor;
  const carried: SnapshotCursor = { ...next };
  return {
    ...carried,
    ...(summary === undefined || summary === null ? {} : { last_snapshot: summary }),
    ...(due === true ? { snapshot_due: true } : {}),
  } as SnapshotCursor;
}

/** `cursor` marked to snapshot once the events WorkOS keeps are read, keeping `previous`'s summary. */
function withSnapshotDue(cursor: CursorRecord, previous: CursorRecord | null): SnapshotCursor {
  const summary = (previous as SnapshotCursor | null)?.last_snapshot;
  return { ...cursor, ...(summary ? { last_snapshot: summary } : {}), snapshot_due: true };
}

/**
 * Once caught up with the events: the snapshot that is due, else the oldest requested one that is
 * still needed. Only then, so no event older than the snapshot comes after it on the topic (an
 * old creation replayed after the snapshot would bring back an entity the snapshot already knew
 * was gone). Returns the cursor after the snapshot, or undefined when none ran.
 */
async function snapshotOnceCaughtUp(deps: RunLoopDeps, cursor: CursorRecord, signal: AbortSignal): Promise<CursorRecord | undefined> {
  if ((cursor as SnapshotCursor).snapshot_due === true) return snapshotUntilDone(deps, await beginSnapshot(deps, cursor, null), signal);
  const requests = deps.snapshot?.requests;
  for (let request = requests?.peek(); request !== undefined && requests !== undefined; request = requests.peek()) {
    if (requestSatisfied(request, cursor)) {
      deps.logger.info({ requestId: request.request_id, organizationId: request.organization_id }, 'snapshot request already satisfied by a snapshot begun after it');
      await requests.handled(request);
      continue;
    }
    const begun = await beginSnapshot(deps, cursor, request);
    await requests.handled(request);
    return snapshotUntilDone(deps, begun, signal);
  }
  return undefined;
}

/**
 * Stores the event cursor with a new snapshot in it (of everything, or of the organization a
 * request names), before the snapshot reads anything: whatever changes while it runs also
 * arrives as an event after this cursor.
 */
async function beginSnapshot(deps: RunLoopDeps, previous: CursorRecord, request: SnapshotRequest | null): Promise<SnapshotCursor> {
  const snapshot = deps.snapshot;
  if (snapshot === undefined) throw new ConnectorError('snapshots are not configured', { code: 'CONFIG_INVALID' });
  const startedAt = new Date((deps.now ?? Date.now)());
  const { snapshot_due: _due, ...eventCursor } = previous as SnapshotCursor;
  const organizationId = request?.organization_id ?? null;
  const plan = organizationId === null ? fullSnapshotPlan() : organizationSnapshotPlan(organizationId);
  const progress = newSnapshotProgress(snapshot.newId(), startedAt, organizationId, plan, request?.request_id);
  const cursor: SnapshotCursor = { ...eventCursor, written_at: startedAt.toISOString(), snapshot: progress };
  await publishReconciled(deps, (publisher) => publisher.publishPage([], cursor), previous, cursor);
  deps.logger.info(
    { cursor: eventCursor, snapshotId: progress.id, organizationId, requestId: request?.request_id },
    'event cursor stored; snapshot of WorkOS state begins',
  );
  return cursor;
}

/** Runs the snapshot `cursor` holds, if any, to its end (or until shutdown). */
async function snapshotUntilDone(deps: RunLoopDeps, cursor: CursorRecord, signal: AbortSignal): Promise<CursorRecord> {
  if (deps.snapshot === undefined || snapshotInProgress(cursor) === undefined) return cursor;
  const publish = (messages: readonly Message[], previous: CursorRecord, next: CursorRecord): Promise<void> =>
    publishReconciled(deps, (publisher) => publisher.publishMessages(messages, next), previous, next);
  return runSnapshot({ ...deps.snapshot.runner, publish }, cursor, signal);
}

/** A cursor at the oldest instant WorkOS still serves (an hour inside retention, so it is not refused on arrival). */
function retentionStartCursor(deps: RunLoopDeps, nowMs: number): CursorRecord {
  return cursorAtTime(deps.connectorName, new Date(nowMs - deps.retentionDays * 86_400_000 + 3_600_000));
}

function olderThanRetention(deps: RunLoopDeps, cursor: CursorRecord, nowMs: number): boolean {
  const at = Date.parse(cursor.event_created_at ?? '');
  return Number.isFinite(at) && at < nowMs - deps.retentionDays * 86_400_000;
}

/** In `when_needed` mode: WorkOS refused the `after` cursor (it is older than the events it keeps). */
function refusedCursor(deps: RunLoopDeps, position: ReadPosition, error: unknown): boolean {
  return deps.snapshot?.mode === 'when_needed' && position.kind === 'after' && isConnectorError(error, 'WORKOS_BAD_REQUEST');
}

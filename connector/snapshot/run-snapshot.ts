/**
 * Runs a snapshot to its end: pop a task, read its page (or expand it), publish the step's
 * records with the new checkpoint in one transaction, repeat. Returns the cursor written with the
 * last step, whose `snapshot` is null; returns earlier, with the snapshot still under way, when
 * `signal` aborts (the next start resumes it).
 */
import type { Logger } from 'pino';
import { isConnectorError } from '../../core/errors.js';
import type { CursorRecord } from '../../schemas/cursor-record.js';
import type { WorkosRequestDeps } from '../workos-request.js';
import { fetchListPage } from './list-reader.js';
import { snapshotMessages, type SnapshotCodecs } from './snapshot-messages.js';
import { afterPage, expand, nextTask, restartList, type SnapshotPlanState, type SnapshotStep } from './snapshot-plan.js';
import { snapshotInProgress, type SnapshotCursor, type SnapshotProgress } from './snapshot-progress.js';
import type { Message } from 'kafkajs';

/** What the runner needs. */
export interface SnapshotRunnerDeps {
  readonly request: WorkosRequestDeps;
  readonly codecs: SnapshotCodecs;
  /** Partitions of the events topic (environment-wide completions go to each); asked once per run. */
  readonly partitions: () => Promise<number>;
  /** Publishes a step's records and its cursor in one transaction, reconciling after failures. */
  readonly publish: (messages: readonly Message[], previous: CursorRecord, next: CursorRecord) => Promise<void>;
  readonly logger: Logger;
  /** After each committed step (metrics, progress lines). */
  readonly onStep?: (progress: SnapshotProgress, rows: number) => void;
}

/** Runs the snapshot stored in `cursor` until it is done or `signal` aborts; returns the last cursor written. */
export async function runSnapshot(deps: SnapshotRunnerDeps, cursor: CursorRecord, signal: AbortSignal): Promise<CursorRecord> {
  const { logger } = deps;
  let current = cursor;
  let progress = snapshotInProgress(cursor);
  if (progress === undefined) return cursor;
  let state: SnapshotPlanState = { stack: progress.stack, listed: progress.listed };
  let requests = progress.requests;
  const partitions = await deps.partitions();
  logger.info({ snapshotId: progress.id, tasks: state.stack.length, pages: progress.pages }, progress.pages === 0 ? 'snapshot starting' : 'snapshot resuming');

  while (!signal.aborted) {
    const task = nextTask(state);
    if (task === undefined) break;
    let step: SnapshotStep;
    if (task.kind === 'list') {
      try {
        const page = await fetchListPage(deps.request, task, signal);
        requests += 1;
        step = afterPage(state, page.items, page.nextAfter);
      } catch (error) {
        if (signal.aborted && isConnectorError(error, 'ABORTED')) break;
        // A cursor id that no longer exists (deleted since the checkpoint) is refused; reading the
        // list again from its start re-publishes a few rows, which the updated_at guard absorbs.
        if (task.after !== undefined && isConnectorError(error, 'WORKOS_BAD_REQUEST')) {
          logger.warn({ entity: task.entity, filter: task.filter, after: task.after, err: error }, 'WorkOS refused a list cursor; reading that list again from its start');
          requests += 1;
          state = restartList(state);
          continue;
        }
        throw error;
      }
    } else {
      step = expand(state);
    }
    state = step.state;
    // Opening an organization or a directory only rearranges the stack: nothing to publish, and
    // redoing it after a crash costs no request, so it is not checkpointed on its own.
    if (task.kind !== 'list' && step.rows.length === 0 && step.closed.length === 0) continue;
    const messages = await snapshotMessages({ id: progress.id, startedAt: progress.started_at }, step.rows, step.closed, partitions, deps.codecs);
    const done = nextTask(state) === undefined;
    const nextProgress: SnapshotProgress = {
      ...progress,
      stack: state.stack,
      listed: state.listed,
      pages: progress.pages + 1,
      requests,
      rows: progress.rows + step.rows.length,
    };
    const next: SnapshotCursor = {
      ...current,
      written_at: new Date().toISOString(),
      snapshot: done ? null : nextProgress,
      ...(done
        ? {
            last_snapshot: {
              id: progress.id,
              started_at: progress.started_at,
              completed_at: new Date().toISOString(),
              organization_id: progress.organization_id,
              ...(progress.request_id === undefined ? {} : { request_id: progress.request_id }),
              rows: nextProgress.rows,
              requests,
            },
          }
        : {}),
    };
    await deps.publish(messages, current, next);
    current = next;
    progress = nextProgress;
    deps.onStep?.(progress, step.rows.length);
    if (done) logger.info({ snapshotId: progress.id, rows: progress.rows, requests }, 'snapshot complete');
  }
  return current;
}

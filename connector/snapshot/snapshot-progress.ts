/**
 * A snapshot's progress as the cursor topic stores it, beside the event cursor in the same
 * record (`snapshot`): written in the same transaction as each page's records, so the stored
 * position and what is on the events topic never disagree. `last_snapshot` keeps the summary of
 * the snapshot that finished last.
 */
import { isJsonObject } from '../../core/workos-event.js';
import type { CursorRecord } from '../../schemas/cursor-record.js';
import type { SnapshotPlanState, SnapshotTask } from './snapshot-plan.js';

/** A snapshot under way. */
export interface SnapshotProgress {
  /** `snapshot_<ULID>`; on every record and completion of this snapshot. */
  readonly id: string;
  /** When it began (ISO-8601), after the event cursor was stored and before anything was read. */
  readonly started_at: string;
  /** The one organization snapshotted, or null for the whole environment. */
  readonly organization_id: string | null;
  /** The control-topic request that started it (`snapreq_<ULID>`); absent for the initial and when-needed snapshots. */
  readonly request_id?: string;
  /** What is left, last task next (see `snapshot-plan.ts`). */
  readonly stack: readonly SnapshotTask[];
  /** Entities listed so far per open scope. */
  readonly listed: Readonly<Record<string, number>>;
  /** Checkpoints written so far: tells a retried transaction whether its page was committed. */
  readonly pages: number;
  /** List requests answered so far. */
  readonly requests: number;
  /** Snapshot rows published so far. */
  readonly rows: number;
}

/** The summary of a finished snapshot. */
export interface SnapshotSummary {
  readonly id: string;
  readonly started_at: string;
  readonly completed_at: string;
  readonly organization_id: string | null;
  readonly request_id?: string;
  readonly rows: number;
  readonly requests: number;
}

/** A cursor record with the snapshot fields this connector writes. */
export type SnapshotCursor = CursorRecord & {
  readonly snapshot?: SnapshotProgress | null;
  readonly last_snapshot?: SnapshotSummary | null;
  /** A snapshot is to start once the events WorkOS keeps after this cursor have been read. */
  readonly snapshot_due?: boolean;
};

/** The snapshot under way in `cursor`, if any (a malformed one counts as none and is logged by the caller). */
export function snapshotInProgress(cursor: CursorRecord): SnapshotProgress | undefined {
  const snapshot = (cursor as SnapshotCursor).snapshot;
  if (!isJsonObject(snapshot)) return undefined;
  const valid =
    typeof snapshot.id === 'string' &&
    typeof snapshot.started_at === 'string' &&
    Array.isArray(snapshot.stack) &&
    isJsonObject(snapshot.listed) &&
    Number.isInteger(snapshot.pages);
  return valid ? (snapshot as unknown as SnapshotProgress) : undefined;
}

/** A fresh snapshot's progress, for `plan`. */
export function newSnapshotProgress(id: string, startedAt: Date, organizationId: string | null, plan: SnapshotPlanState, requestId?: string): SnapshotProgress {
  return {
    id,
    started_at: startedAt.toISOString(),
    organization_id: organizationId,
    ...(requestId === undefined ? {} : { request_id: requestId }),
    stack: plan.stack,
    listed: plan.listed,
    pages: 0,
    requests: 0,
    rows: 0,
  };
}

/** Whether two cursors stand for the same committed position (events and snapshot alike). */
export function sameCursorPosition(a: CursorRecord | null | undefined, b: CursorRecord): boolean {
  if (a === null || a === undefined || a.event_id !== b.event_id) return false;
  const pagesOf = (cursor: CursorRecord): string => {
    const snapshot = snapshotInProgress(cursor);
    if (snapshot !== undefined) return `${snapshot.id}#${snapshot.pages}`;
    const { last_snapshot: last, snapshot_due: due } = cursor as SnapshotCursor;
    return `done:${last?.id ?? ''}${due === true ? ':due' : ''}`;
  };
  return pagesOf(a) === pagesOf(b);
}

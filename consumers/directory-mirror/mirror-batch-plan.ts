/**
 * Plans one database transaction for several events: the updated_at guard decided in stream order
 * over the stored versions (read once, up front), the final row image per entity, and the last
 * progress mark per partition. Pure, so the store's batch path is provably the same fold as
 * applying the events one by one (`applyToState`).
 */
import type { MirrorChange, ProgressMark } from './mirror-change.js';
import type { MirrorTable } from './mirror-tables.js';
import type { AppliedChange } from './mirror-store.js';
import { decideWrite, type StoredVersion } from './updated-at-guard.js';

/** One event's changes and the record it came from. */
export interface MirrorWrite {
  readonly changes: readonly MirrorChange[];
  /** Recorded in the same transaction; omitted for writes that do not come from a partition. */
  readonly progress?: ProgressMark;
  /** A snapshot record: the row its snapshot listed, kept for the deletion diff. */
  readonly snapshotSeen?: SnapshotSeen;
  /** A snapshot completion copy: when it is the scope's last, the diff runs in this transaction. */
  readonly snapshotScopePart?: SnapshotScopePart;
}

/** A row a snapshot listed. */
export interface SnapshotSeen {
  readonly snapshotId: string;
  readonly table: MirrorTable;
  readonly id: string;
}

/** One completion copy of a snapshot scope (see `schemas/snapshot-record.ts`). */
export interface SnapshotScopePart {
  readonly snapshotId: string;
  readonly table: MirrorTable;
  /** Null for an environment-wide scope: the whole table. */
  readonly organizationId: string | null;
  readonly part: number;
  readonly parts: number;
  /** When the snapshot began, epoch µs: rows at or after it are never deleted by the diff. */
  readonly startedAtUs: number;
  readonly listed: number;
}

/** What the transaction must do. */
export interface MirrorBatchPlan {
  /** The guard's verdicts, per write and per change, in order. */
  readonly applied: AppliedChange[][];
  /** The change whose row each touched entity ends with, in first-touched order; skipped entities are absent. */
  readonly rows: MirrorChange[];
  /** The last mark of each (consumer, topic, partition). */
  readonly progress: ProgressMark[];
}

/** The key of an entity across tables (table names contain no `:`). */
export function rowKey(change: Pick<MirrorChange, 'table' | 'id'>): string {
  return `${change.table}:${change.id}`;
}

/** Decides every change of `writes` in order, starting from `stored` (keyed by {@link rowKey}). */
export function planMirrorBatch(writes: readonly MirrorWrite[], stored: ReadonlyMap<string, StoredVersion>): MirrorBatchPlan {
  const current = new Map(stored);
  const finalRows = new Map<string, MirrorChange>();
  const progress = new Map<string, ProgressMark>();
  const applied = writes.map(({ changes, progress: mark }) => {
    const verdicts = changes.map((change): AppliedChange => {
      const key = rowKey(change);
      const decision = decideWrite(current.get(key), change);
      if (decision.apply) {
        current.set(key, { versionUs: change.versionUs, deletedAtUs: change.op === 'delete' ? change.deletedAtUs : null });
        finalRows.set(key, change);
      }
      return { table: change.table, id: change.id, decision };
    });
    if (mark !== undefined) progress.set(`${mark.consumer}\u0000${mark.topic}\u0000${mark.partition}`, mark);
    return verdicts;
  });
  return { applied, rows: [...finalRows.values()], progress: [...progress.values()] };
}

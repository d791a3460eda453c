/**
 * The updated_at guard, as a pure decision over the stored row and an incoming change. Rules:
 *
 * - No stored row: write it (an upsert, or a tombstone for a delete seen first).
 * - Live row, upsert: newer version wins; an equal version is an idempotent no-op (`duplicate`);
 *   an older one is `stale`.
 * - Live row, delete: applies unless the row is newer than the deletion (`stale`), which can
 *   only happen after a revival.
 * - Tombstone, upsert: skipped (`tombstoned`), so a replayed older update cannot resurrect the
 *   entity. Exception: on tables where a delete is not final (group memberships), or for a
 *   `.created` anywhere, a version newer than the deletion time revives the row.
 * - Tombstone, delete: moves the tombstone forward if later, else `already-deleted`.
 *
 * Replaying any prefix of the stream therefore never changes a row that already saw the events.
 */
import type { MirrorChange } from './mirror-change.js';
import { DELETE_IS_FINAL } from './mirror-tables.js';

/** The guard-relevant part of a stored row. */
export interface StoredVersion {
  readonly versionUs: number;
  /** Epoch µs of the deletion, or null while the row is live. */
  readonly deletedAtUs: number | null;
}

/** Why a change was written. */
export type ApplyReason = 'insert' | 'newer' | 'delete' | 'revive';
/** Why a change was skipped. */
export type SkipReason = 'duplicate' | 'stale' | 'tombstoned' | 'already-deleted';

/** The guard's verdict. */
export type WriteDecision =
  | { readonly apply: true; readonly reason: ApplyReason }
  | { readonly apply: false; readonly reason: SkipReason };

const apply = (reason: ApplyReason): WriteDecision => ({ apply: true, reason });
const skip = (reason: SkipReason): WriteDecision => ({ apply: false, reason });

/** Decides whether `change` may overwrite `stored` (undefined = no row yet). */
export function decideWrite(stored: StoredVersion | undefined, change: MirrorChange): WriteDecision {
  if (stored === undefined) return apply(change.op === 'delete' ? 'delete' : 'insert');
  if (change.op === 'delete') {
    if (stored.deletedAtUs !== null) return change.deletedAtUs > stored.deletedAtUs ? apply('delete') : skip('already-deleted');
    return change.deletedAtUs >= stored.versionUs ? apply('delete') : skip('stale');
  }
  if (stored.deletedAtUs !== null) {
    const mayRevive = change.create || !DELETE_IS_FINAL[change.table];
    return mayRevive && change.versionUs > stored.deletedAtUs ? apply('revive') : skip('tombstoned');
  }
  if (change.versionUs > stored.versionUs) return apply('newer');
  return change.versionUs === stored.versionUs ? skip('duplicate') : skip('stale');
}

/** The row a change writes when the guard lets it through. */
export interface RowImage extends StoredVersion {
  readonly data: unknown;
  readonly columns: Readonly<Record<string, string | null>>;
  readonly lastEventId: string;
  readonly lastEventType: string;
}

/** The row image written for an applied change. */
export function rowImageOf(change: MirrorChange): RowImage {
  return {
    data: change.data,
    columns: change.columns,
    versionUs: change.versionUs,
    deletedAtUs: change.op === 'delete' ? change.deletedAtUs : null,
    lastEventId: change.eventId,
    lastEventType: change.eventType,
  };
}

/** An in-memory mirror state: `table:id` → row. Used to reason about (and test) the guard purely. */
export type MirrorState = ReadonlyMap<string, RowImage>;

/**
 * Folds changes into a state with the same guard the stores use. Pure: returns a new map. The
 * stores do exactly this inside a database transaction.
 */
export function applyToState(state: MirrorState, changes: readonly MirrorChange[]): Map<string, RowImage> {
  const next = new Map(state);
  for (const change of changes) {
    const key = `${change.table}:${change.id}`;
    if (decideWrite(next.get(key), change).apply) next.set(key, rowImageOf(change));
  }
  return next;
}

import type { SnapshotRequest } from '../../schemas/control-record.js';
import { snapshotInProgress, type SnapshotCursor, type SnapshotProgress, type SnapshotSummary } from '../snapshot/snapshot-progress.js';

/**
 * Whether the stored cursor shows that `request` needs no new snapshot: the snapshot it started
 * is under way or finished (a request read again after a crash), or a snapshot covering its scope
 * began after it was made (a whole-environment one covers every organization).
 */
export function requestSatisfied(request: SnapshotRequest, cursor: SnapshotCursor): boolean {
  return [snapshotInProgress(cursor), lastSnapshot(cursor)].some((snapshot) => snapshot !== undefined && answers(snapshot, request));
}

/** Whether the last finished snapshot in `cursor` answers `request` (what `snapshot --wait` waits for). */
export function requestCompleted(request: SnapshotRequest, cursor: SnapshotCursor): boolean {
  const last = lastSnapshot(cursor);
  return last !== undefined && answers(last, request);
}

function lastSnapshot(cursor: SnapshotCursor): SnapshotSummary | undefined {
  return cursor.last_snapshot ?? undefined;
}

function answers(snapshot: SnapshotProgress | SnapshotSummary, request: SnapshotRequest): boolean {
  if (snapshot.request_id === request.request_id) return true;
  const covers = snapshot.organization_id === null || snapshot.organization_id === request.organization_id;
  return covers && Date.parse(snapshot.started_at) >= Date.parse(request.requested_at);
}

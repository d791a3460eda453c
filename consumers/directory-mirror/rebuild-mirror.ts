/**
 * The full rebuild of the directory mirror: move the group to the earliest retained record, then
 * wipe the tables; the next run of the mirror replays all history into empty tables.
 *
 * Order matters: offsets first. If the wipe then failed, the replay would run over the old rows,
 * which the updated_at guard makes harmless; the other order could leave empty tables behind a
 * group that resumes where it was, silently losing everything before that point.
 */
import type { Admin } from 'kafkajs';
import { replayGroup, type ReplayReport } from '../replay.js';
import type { MirrorStore } from './mirror-store.js';

/** Options for {@link rebuildMirror}. */
export interface RebuildMirrorOptions {
  admin: Admin;
  store: MirrorStore;
  groupId: string;
  topic: string;
  /** Report only. Default true. */
  dryRun?: boolean;
}

/** Resets the group to earliest and wipes the store (unless dry-run). Refuses while the group has members. */
export async function rebuildMirror(options: RebuildMirrorOptions): Promise<ReplayReport> {
  const dryRun = options.dryRun ?? true;
  const report = await replayGroup({ admin: options.admin, groupId: options.groupId, topic: options.topic, target: { kind: 'earliest' }, dryRun });
  if (!dryRun) await options.store.wipe();
  return report;
}

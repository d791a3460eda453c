/** How far a directory mirror has got, read from its store while its process runs. */
import type { MirrorReader } from '../../../../consumers/directory-mirror/mirror-store.js';

/** Records the mirror of `groupId` has applied (committed progress summed over partitions); 0 before its tables exist. */
export async function mirrorApplied(store: MirrorReader, groupId: string): Promise<number> {
  try {
    return (await store.progress(groupId)).reduce((sum, p) => sum + Number(p.offset) + 1, 0);
  } catch {
    return 0; // Tables not migrated yet.
  }
}

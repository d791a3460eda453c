import type { Admin } from 'kafkajs';

/** One partition of a group's position on a topic. */
export interface PartitionLag {
  readonly partition: number;
  /** Committed offset, or null when the group has none for this partition. */
  readonly committed: string | null;
  /** Log end offset (high watermark). */
  readonly end: string;
  /** Records between the committed offset (or the log start when none) and the end. */
  readonly lag: number;
}

/** A group's lag on one topic. */
export interface GroupLag {
  readonly groupId: string;
  readonly topic: string;
  readonly partitions: readonly PartitionLag[];
  readonly total: number;
}

/**
 * How far `groupId` is behind on `topic`, per partition. Counts transaction markers as records,
 * as Kafka's own tools do, so a caught-up transactional topic may show a small residual lag.
 */
export async function fetchGroupLag(admin: Admin, groupId: string, topic: string): Promise<GroupLag> {
  const [committed, ends] = await Promise.all([admin.fetchOffsets({ groupId, topics: [topic] }), admin.fetchTopicOffsets(topic)]);
  const committedByPartition = new Map(
    (committed.find((entry) => entry.topic === topic)?.partitions ?? []).map((p) => [p.partition, p.offset]),
  );
  const partitions = ends
    .map((end) => {
      const offset = committedByPartition.get(end.partition);
      const hasCommit = offset !== undefined && Number(offset) >= 0;
      const from = hasCommit ? Number(offset) : Number(end.low);
      return { partition: end.partition, committed: hasCommit ? String(offset) : null, end: end.high, lag: Math.max(0, Number(end.high) - from) };
    })
    .sort((a, b) => a.partition - b.partition);
  return { groupId, topic, partitions, total: partitions.reduce((sum, p) => sum + p.lag, 0) };
}

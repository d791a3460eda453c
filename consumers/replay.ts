/**
 * Kafka-native replay: move a consumer group's committed offsets back (to the earliest retained
 * record, to a point in time, or to given offsets) so it re-reads history without touching
 * WorkOS. A dry run (the default) only reports old → new per partition. Applying refuses while
 * the group has members: offsets of a live group would be overwritten by its next commit.
 */
import type { Admin } from 'kafkajs';
import { ConnectorError } from '../core/errors.js';

/** Where to move the group to. */
export type ReplayTarget =
  | { readonly kind: 'earliest' }
  /** The first record at or after this time (epoch ms); partitions with none go to their end. */
  | { readonly kind: 'timestamp'; readonly timestampMs: number }
  /** Explicit offsets; partitions not listed keep their committed offset. */
  | { readonly kind: 'offsets'; readonly offsets: ReadonlyArray<{ readonly partition: number; readonly offset: string }> };

/** Options for {@link replayGroup}. */
export interface ReplayOptions {
  /** A connected admin client. */
  admin: Admin;
  groupId: string;
  topic: string;
  target: ReplayTarget;
  /** Report only. Default true: moving offsets is an explicit decision. */
  dryRun?: boolean;
}

/** One partition's move. */
export interface PartitionMove {
  readonly partition: number;
  /** The committed offset before, or null when the group has none for the partition. */
  readonly from: string | null;
  readonly to: string;
}

/** What {@link replayGroup} did or would do. */
export interface ReplayReport {
  readonly groupId: string;
  readonly topic: string;
  readonly target: ReplayTarget;
  readonly dryRun: boolean;
  /** True when the offsets were written. */
  readonly applied: boolean;
  /** The group's state as the coordinator reported it (`Empty`, `Stable`, `Dead`, …). */
  readonly groupState: string;
  readonly activeMembers: number;
  readonly partitions: readonly PartitionMove[];
}

/** Plans the move and, unless `dryRun`, applies it with `admin.setOffsets`. */
export async function replayGroup(options: ReplayOptions): Promise<ReplayReport> {
  const { admin, groupId, topic, target } = options;
  const dryRun = options.dryRun ?? true;
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups.find((g) => g.groupId === groupId);
  const groupState = group?.state ?? 'Dead';
  const activeMembers = group?.members.length ?? 0;

  const committed = await admin.fetchOffsets({ groupId, topics: [topic] });
  const from = new Map<number, string | null>();
  for (const p of committed.find((t) => t.topic === topic)?.partitions ?? []) from.set(p.partition, Number(p.offset) >= 0 ? p.offset : null);

  const partitions = (await targetOffsets(admin, topic, target)).map(
    ({ partition, offset }): PartitionMove => ({ partition, from: from.get(partition) ?? null, to: offset }),
  );
  const report = { groupId, topic, target, dryRun, applied: false, groupState, activeMembers, partitions };
  if (dryRun) return report;
  if (activeMembers > 0) {
    throw new ConnectorError(
      `Refusing to move offsets of group ${groupId}: it has ${activeMembers} active member(s) (state ${groupState}); stop its consumers first`,
      { code: 'CONFIG_INVALID', context: { groupId, topic, reason: 'group-active' } },
    );
  }
  if (partitions.length > 0) {
    await admin.setOffsets({ groupId, topic, partitions: partitions.map(({ partition, to }) => ({ partition, offset: to })) });
  }
  return { ...report, applied: true };
}

async function targetOffsets(admin: Admin, topic: string, target: ReplayTarget): Promise<Array<{ partition: number; offset: string }>> {
  const bounds = await admin.fetchTopicOffsets(topic);
  const byPartition = (list: Array<{ partition: number; offset: string }>) => [...list].sort((a, b) => a.partition - b.partition);
  switch (target.kind) {
    case 'earliest':
      return byPartition(bounds.map(({ partition, low }) => ({ partition, offset: low })));
    case 'timestamp':
      if (!Number.isFinite(target.timestampMs) || target.timestampMs < 0) {
        throw new ConnectorError(`Replay timestamp must be epoch ms ≥ 0, got ${target.timestampMs}`, { code: 'CONFIG_INVALID' });
      }
      return byPartition(await admin.fetchTopicOffsetsByTimestamp(topic, target.timestampMs));
    case 'offsets': {
      const problems: string[] = [];
      for (const { partition, offset } of target.offsets) {
        const bound = bounds.find((b) => b.partition === partition);
        if (bound === undefined) problems.push(`partition ${partition} does not exist`);
        else if (!/^\d+$/.test(offset) || BigInt(offset) < BigInt(bound.low) || BigInt(offset) > BigInt(bound.high)) {
          problems.push(`offset ${offset} of partition ${partition} is outside [${bound.low}, ${bound.high}]`);
        }
      }
      if (problems.length > 0) throw new ConnectorError(`Invalid replay offsets: ${problems.join('; ')}`, { code: 'CONFIG_INVALID' });
      return byPartition(target.offsets.map(({ partition, offset }) => ({ partition, offset })));
    }
  }
}

/**
 * Consumer-group positions read through the admin API: a progress number for the kill loops, and
 * "caught up" measured against the committed data records the independent reader found (a
 * transactional topic ends in commit markers and aborted records, which no consumer commits past,
 * so comparing with the high watermark would never reach zero).
 */
import type { Admin } from 'kafkajs';
import type { ReadRecord } from './read-topic.js';

/** Sum of the group's committed offsets on `topic` (grows as the group works). */
export async function committedSum(admin: Admin, groupId: string, topic: string): Promise<number> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  return (entry?.partitions ?? []).reduce((sum, p) => sum + Math.max(0, Number(p.offset)), 0);
}

/**
 * Data records the group has not committed yet: for each partition, the records at or after its
 * committed offset (all of them when it has none).
 */
export async function dataLag(admin: Admin, groupId: string, topic: string, records: readonly ReadRecord[]): Promise<number> {
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  const committed = new Map((entry?.partitions ?? []).map((p) => [p.partition, BigInt(Number(p.offset) < 0 ? 0 : p.offset)]));
  let lag = 0;
  for (const record of records) if (record.offset >= (committed.get(record.partition) ?? 0n)) lag += 1;
  return lag;
}

/** Records in a (non-transactional) dead-letter topic; 0 when it does not exist. */
export async function deadLetters(admin: Admin, topic: string): Promise<number> {
  if (!(await admin.listTopics()).includes(topic)) return 0;
  const offsets = await admin.fetchTopicOffsets(topic);
  return offsets.reduce((sum, o) => sum + Number(o.high) - Number(o.low), 0);
}

/**
 * What one consumed record of the events topic asks of the mirror's store. Shared by the
 * consumer's thread and the store's own thread (`mirror-store-worker.ts`), which builds the same
 * writes from undecoded records.
 */
import { parseTopicRecord } from '../events/topic-record.js';
import type { ProgressMark } from './mirror-change.js';
import type { MirrorWrite } from './mirror-batch-plan.js';
import { mirrorChangesFor } from './mirror-handler.js';
import { SNAPSHOT_EVENT_TYPE, snapshotRecordWrite, snapshotScopePart } from './mirror-snapshot.js';

/** Where a record sits: all a progress mark needs of it. */
export interface RecordPosition {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * What one record asks of the store: an event's changes, a snapshot row (applied like an update
 * and remembered as listed), or a snapshot scope's completion copy (the deletion diff). Throws
 * `INVALID_EVENT` for a record the mirror cannot read.
 */
export function mirrorWriteFor(value: unknown, record: RecordPosition, groupId: string): MirrorWrite & { eventType: string } {
  const topicRecord = parseTopicRecord(value);
  switch (topicRecord.kind) {
    case 'event': {
      const { parsed } = topicRecord;
      return { changes: mirrorChangesFor(parsed), progress: progressMark(groupId, record, parsed.event.id), eventType: parsed.event.event };
    }
    case 'snapshot': {
      const { change, seen } = snapshotRecordWrite(topicRecord.record);
      return { changes: [change], snapshotSeen: seen, progress: progressMark(groupId, record, topicRecord.record.snapshot_id), eventType: SNAPSHOT_EVENT_TYPE };
    }
    case 'snapshot-completion': {
      const part = snapshotScopePart(topicRecord.completion);
      return { changes: [], snapshotScopePart: part, progress: progressMark(groupId, record, part.snapshotId), eventType: 'snapshot.completion' };
    }
  }
}

function progressMark(groupId: string, record: RecordPosition, eventId: string): ProgressMark {
  return { consumer: groupId, topic: record.topic, partition: record.partition, offset: record.offset, eventId };
}

/**
 * Wires the directory mirror into the consumer runtime: decode → parse → pure handler → store
 * (changes and progress in one transaction). Records at hand are applied as a batch, one
 * transaction for many events; the per-record handler takes over when a batch fails.
 */
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { ConsumerObserver } from '../runtime/consumer-options.js';
import type { RetryPolicy } from '../../core/retry.js';
import { DEFAULT_EVENTS_TOPIC } from '../../core/topics.js';
import { parseTopicRecord } from '../events/topic-record.js';
import { SNAPSHOT_EVENT_TYPE, snapshotRecordWrite, snapshotScopePart } from './mirror-snapshot.js';
import type { BatchHandler, ConsumedRecord, RecordDecoder, RecordHandler } from '../runtime/record-types.js';
import { runConsumerGroup, type ConsumerGroupRun } from '../runtime/run-consumer-group.js';
import { mirrorChangesFor } from './mirror-handler.js';
import type { MirrorWrite } from './mirror-batch-plan.js';
import type { AppliedChange, MirrorStore } from './mirror-store.js';
import type { ProgressMark } from './mirror-change.js';

/** Default consumer group of the directory mirror. */
export const DEFAULT_MIRROR_GROUP_ID = 'workos-directory-mirror';

/**
 * Default most events of one partition in one transaction. Only a backlog fills it (a caught-up
 * mirror gets a few records per fetch). A replay of 200,000 events into SQLite went from 13,200
 * to 18,400 events/s between 500 and 5,000: fewer commits, and an entity updated several times
 * within a batch is written once (0.68 rows per event at 500, 0.50 at 2,000, 0.41 at 5,000). The
 * price is the fallback after a failed batch, which applies its records one transaction each.
 */
export const DEFAULT_MIRROR_BATCH_RECORDS = 2_000;

/** The record handler of the mirror (exposed for services that run it inside their own runtime). */
export function createMirrorHandler(store: MirrorStore, groupId: string, logger: Logger): RecordHandler {
  return async (value, { record }) => {
    const write = mirrorWriteFor(value, record, groupId);
    // applyBatch, not apply: a write may carry snapshot marks and completions besides its changes.
    logApplied(logger, [write], await store.applyBatch([write]));
  };
}

/** The batch handler of the mirror: every event of the batch, and its progress, in one transaction. */
export function createMirrorBatchHandler(store: MirrorStore, groupId: string, logger: Logger): BatchHandler {
  return async (records) => {
    const writes: (MirrorWrite & { eventType: string })[] = [];
    for (const { value, record } of records) writes.push(mirrorWriteFor(value, record, groupId));
    logApplied(logger, writes, await store.applyBatch(writes));
  };
}

/**
 * What one record asks of the store: an event's changes, a snapshot row (applied like an update
 * and remembered as listed), or a snapshot scope's completion copy (the deletion diff). Throws
 * `INVALID_EVENT` for a record the mirror cannot read.
 */
function mirrorWriteFor(value: unknown, record: ConsumedRecord, groupId: string): MirrorWrite & { eventType: string } {
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

function progressMark(groupId: string, record: ConsumedRecord, eventId: string): ProgressMark {
  return { consumer: groupId, topic: record.topic, partition: record.partition, offset: record.offset, eventId };
}

function logApplied(logger: Logger, writes: readonly (MirrorWrite & { eventType: string })[], applied: readonly AppliedChange[][]): void {
  if (!logger.isLevelEnabled('debug')) return;
  writes.forEach((write, i) => {
    const verdicts = applied[i] ?? [];
    if (verdicts.length === 0) return;
    logger.debug(
      { eventId: write.progress?.eventId, eventType: write.eventType, applied: verdicts.map((a) => `${a.table}:${a.id}:${a.decision.reason}`) },
      'event applied',
    );
  });
}

/** Options for {@link startDirectoryMirror}. */
export interface DirectoryMirrorOptions {
  kafka: Kafka;
  /** A migrated store. */
  store: MirrorStore;
  decode: RecordDecoder;
  logger: Logger;
  /** Default `workos.events`. */
  topic?: string;
  /** Default {@link DEFAULT_MIRROR_GROUP_ID}. */
  groupId?: string;
  /** Partitions in parallel. Default 3. */
  partitionsConsumedConcurrently?: number;
  retry?: Partial<RetryPolicy>;
  /** Most events of one partition applied in one database transaction. Default {@link DEFAULT_MIRROR_BATCH_RECORDS}; 1 applies one event per transaction. */
  maxBatchRecords?: number;
  /** Sees each record's outcome and handler latency (metrics). */
  observer?: ConsumerObserver;
  /** How long the group waits for a silent member before rebalancing, ms. Default 30 000. */
  sessionTimeoutMs?: number;
}

/** Runs the mirror's consumer group until `stop()`. */
export function startDirectoryMirror(options: DirectoryMirrorOptions): Promise<ConsumerGroupRun> {
  const groupId = options.groupId ?? DEFAULT_MIRROR_GROUP_ID;
  const logger = options.logger.child({ component: 'consumers.directory-mirror' });
  return runConsumerGroup({
    kafka: options.kafka,
    groupId,
    topic: options.topic ?? DEFAULT_EVENTS_TOPIC,
    decode: options.decode,
    handler: createMirrorHandler(options.store, groupId, logger),
    batchHandler: createMirrorBatchHandler(options.store, groupId, logger),
    maxBatchRecords: options.maxBatchRecords ?? DEFAULT_MIRROR_BATCH_RECORDS,
    logger: options.logger,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    retry: options.retry,
    observer: options.observer,
    sessionTimeoutMs: options.sessionTimeoutMs,
  });
}

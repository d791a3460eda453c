/**
 * The consumers' library surface: what an internal service imports to run its own consumer group
 * on `workos.events`, query the directory mirror, or replay a group.
 */
export { runConsumerGroup, type ConsumerGroupRun, type RunConsumerGroupOptions } from './runtime/run-consumer-group.js';
export type { BatchContext, BatchHandler, ConsumedRecord, DecodedRecord, HandlerContext, RecordDecoder, RecordHandler } from './runtime/record-types.js';
export { jsonDecoder } from './runtime/json-decoder.js';
export { DLQ_HEADERS } from './runtime/dead-letter.js';
export { replayGroup, type ReplayOptions, type ReplayReport, type ReplayTarget, type PartitionMove } from './replay.js';
export { parseWorkosEvent, type ParsedEvent, type WorkosEvent } from './events/workos-event.js';
export { parseTopicRecord, type SnapshotCompletion, type SnapshotEntity, type SnapshotRecord, type TopicRecord } from './events/topic-record.js';
export { parseTimestampMs, parseTimestampUs } from '../core/workos-timestamp.js';
export { openDatabase, type DatabaseConfig } from './db/open-database.js';
export type { SqlClient } from './db/sql-client.js';
export { createSqlMirrorStore } from './directory-mirror/sql-mirror-store.js';
export type { MirrorReader, MirrorRow, MirrorStore, TableCount } from './directory-mirror/mirror-store.js';
export type { MirrorWrite } from './directory-mirror/mirror-batch-plan.js';
export { MIRROR_TABLE_NAMES, type MirrorTable } from './directory-mirror/mirror-tables.js';
export { startDirectoryMirror, createMirrorHandler, createMirrorBatchHandler, DEFAULT_MIRROR_GROUP_ID } from './directory-mirror/mirror-consumer.js';
export { rebuildMirror } from './directory-mirror/rebuild-mirror.js';
export { startNotifier, createNotifierHandler, DEFAULT_NOTIFIER_GROUP_ID, DEFAULT_NOTIFIER_MAX_IN_FLIGHT, type NotifierOptions } from './notifier/notifier-consumer.js';
export { createEffectExecutor, type EffectExecutor, type EffectReport } from './notifier/effect-executor.js';
export { createSqlEffectLedger } from './notifier/sql-effect-ledger.js';
export type { EffectLedger, LedgerEntry, LedgerState } from './notifier/effect-ledger.js';
export type { EffectRequest, EffectSender } from './notifier/senders/effect-sender.js';
export { createHttpWebhookSender } from './notifier/senders/http-webhook-sender.js';
export { createLoggingSender } from './notifier/senders/logging-sender.js';
export { createRecordingSender } from './notifier/senders/recording-sender.js';

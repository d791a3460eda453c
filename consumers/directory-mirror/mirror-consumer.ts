/**
 * Wires the directory mirror into the consumer runtime: decode → parse → pure handler → store
 * (changes and progress in one transaction).
 */
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import type { ConsumerObserver } from '../runtime/consumer-options.js';
import type { RetryPolicy } from '../../core/retry.js';
import { parseWorkosEvent } from '../events/workos-event.js';
import type { RecordDecoder, RecordHandler } from '../runtime/record-types.js';
import { runConsumerGroup, type ConsumerGroupRun } from '../runtime/run-consumer-group.js';
import { mirrorChangesFor } from './mirror-handler.js';
import type { MirrorStore } from './mirror-store.js';

/** Default consumer group of the directory mirror. */
export const DEFAULT_MIRROR_GROUP_ID = 'workos-directory-mirror';

/** The record handler of the mirror (exposed for services that run it inside their own runtime). */
export function createMirrorHandler(store: MirrorStore, groupId: string, logger: Logger): RecordHandler {
  return async (value, { record }) => {
    const parsed = parseWorkosEvent(value);
    const changes = mirrorChangesFor(parsed);
    const applied = await store.apply(changes, {
      consumer: groupId,
      topic: record.topic,
      partition: record.partition,
      offset: record.offset,
      eventId: parsed.event.id,
    });
    if (applied.length > 0 && logger.isLevelEnabled('debug')) {
      logger.debug(
        { eventId: parsed.event.id, eventType: parsed.event.event, applied: applied.map((a) => `${a.table}:${a.id}:${a.decision.reason}`) },
        'event applied',
      );
    }
  };
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
  /** Sees each record's outcome and handler latency (metrics). */
  observer?: ConsumerObserver;
}

/** Runs the mirror's consumer group until `stop()`. */
export function startDirectoryMirror(options: DirectoryMirrorOptions): Promise<ConsumerGroupRun> {
  const groupId = options.groupId ?? DEFAULT_MIRROR_GROUP_ID;
  const logger = options.logger.child({ component: 'consumers.directory-mirror' });
  return runConsumerGroup({
    kafka: options.kafka,
    groupId,
    topic: options.topic ?? 'workos.events',
    decode: options.decode,
    handler: createMirrorHandler(options.store, groupId, logger),
    logger: options.logger,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently,
    retry: options.retry,
    observer: options.observer,
  });
}

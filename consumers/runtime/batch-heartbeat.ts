/**
 * A heartbeat that never throws into record processing. kafkajs' `heartbeat()` throws
 * REBALANCE_IN_PROGRESS (and friends) when the group is rebalancing; letting that escape
 * `eachBatch` has crashed or looped consumers (kafkajs #1527, #691). Instead it is recorded, and
 * the batch loop stops after the record in hand so kafkajs can rejoin.
 */
import type { Logger } from 'pino';

/** Error types meaning "this member must rejoin", not "something is broken". */
const REJOIN_TYPES = new Set(['REBALANCE_IN_PROGRESS', 'NOT_COORDINATOR_FOR_GROUP', 'UNKNOWN_MEMBER_ID', 'ILLEGAL_GENERATION']);

/** True for kafkajs errors that mean the group is rebalancing or this member lost its place. */
export function isRejoinError(err: unknown): boolean {
  const type = typeof err === 'object' && err !== null ? (err as { type?: unknown }).type : undefined;
  return typeof type === 'string' && REJOIN_TYPES.has(type);
}

/** A safe heartbeat for one batch. */
export interface BatchHeartbeat {
  (): Promise<void>;
  /** True once a heartbeat learned the group is rebalancing: finish the record in hand, then stop the batch. */
  readonly rebalancing: boolean;
  /** Marks the batch as rebalancing (e.g. a commit failed the same way). */
  markRebalancing(): void;
}

/** Wraps kafkajs' batch `heartbeat`. */
export function createBatchHeartbeat(heartbeat: () => Promise<void>, logger: Logger): BatchHeartbeat {
  let rebalancing = false;
  const beat = async (): Promise<void> => {
    if (rebalancing) return;
    try {
      await heartbeat();
    } catch (err) {
      if (isRejoinError(err)) {
        rebalancing = true;
        logger.info({ err }, 'group is rebalancing; finishing the record in hand, then yielding the batch');
        return;
      }
      // A lost heartbeat is not fatal by itself: kafkajs heartbeats again and detects a lost session.
      logger.warn({ err }, 'heartbeat failed');
    }
  };
  // defineProperties, not Object.assign: assign would copy the getter's current value, not the getter.
  return Object.defineProperties(beat, {
    rebalancing: { get: () => rebalancing, enumerable: true },
    markRebalancing: {
      value: () => {
        rebalancing = true;
      },
    },
  }) as BatchHeartbeat;
}

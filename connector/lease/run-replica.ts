/**
 * One replica of a connector: it joins the lease group, stands by until it holds the lease, then
 * runs the loop until the lease is lost, the replica is fenced or it is asked to stop. Losing the
 * lease or being fenced sends it back to standing by; it never exits for either. Fencing stays
 * the safety net: a replica that does not know yet that it lost the lease is stopped by the
 * broker when the new holder registers the transactional id.
 */
import type { Logger } from 'pino';
import { isConnectorError, isRetriableOrKafkaUnreachable } from '../../core/errors.js';
import { retry } from '../../core/retry.js';
import type { ControlChannel } from './control-channel.js';

/** What a replica needs. */
export interface ReplicaDeps {
  readonly control: ControlChannel;
  /** Creates the topics (the control topic must exist before the replica joins its group). */
  readonly prepareTopics: () => Promise<void>;
  /** Runs the connector's loop until `signal` aborts; rejects with `KAFKA_FENCED` when fenced. */
  readonly runLoop: (signal: AbortSignal) => Promise<void>;
  /** After each run: releases the transactional producer so the next holder's registration is clean. */
  readonly afterRun: () => Promise<void>;
  readonly logger: Logger;
  /** After a fence with no rebalance (a one-shot fence such as `reset-cursor`), how long to wait before resuming. */
  readonly fencedPauseMs: number;
}

/** Runs the replica until `signal` aborts; rejects only on a fatal error of the loop. */
export async function runReplica(deps: ReplicaDeps, signal: AbortSignal): Promise<void> {
  const { control, logger } = deps;
  await retry(
    async ({ attempt }) => {
      if (attempt > 1) await control.stop();
      await deps.prepareTopics();
      await control.start();
    },
    {
      signal,
      policy: { maxAttempts: Infinity, initialDelayMs: 500, maxDelayMs: 10_000 },
      isRetriable: isRetriableOrKafkaUnreachable,
      onRetry: ({ attempt, delayMs, error }) => logger.warn({ attempt, delayMs, err: error }, 'waiting for the Kafka cluster to join the lease group'),
    },
  );
  let fencedIn: { generation: number; untilMs: number } | undefined;
  try {
    while (!signal.aborted) {
      const lease = await control.acquire(signal, fencedIn);
      if (lease === undefined) break;
      fencedIn = undefined;
      try {
        await deps.runLoop(AbortSignal.any([signal, lease.lost]));
      } catch (error) {
        // The lease lost during start-up ends its retries with ABORTED: standing by, not a failure.
        if (lease.lost.aborted && isConnectorError(error, 'ABORTED')) continue;
        if (!isConnectorError(error, 'KAFKA_FENCED')) throw error;
        logger.warn({ err: error }, 'fenced: another instance registered this connector; standing by');
        fencedIn = { generation: lease.generation, untilMs: Date.now() + deps.fencedPauseMs };
      } finally {
        await deps.afterRun();
      }
    }
  } finally {
    await control.close();
  }
}

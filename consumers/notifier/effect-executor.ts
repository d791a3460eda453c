/**
 * Runs planned effects at most once each: claim the ledger row (committed), call the sender with
 * retries, then mark the row done. See `effect-ledger.ts` for why a `started` row is never
 * re-sent automatically.
 */
import type { Logger } from 'pino';
import { ConnectorError, isConnectorError } from '../../core/errors.js';
import { retry, type RetryPolicy, type SleepFn } from '../../core/retry.js';
import type { EffectLedger } from './effect-ledger.js';
import type { EffectName, PlannedEffect } from './effects.js';
import type { EffectSender } from './senders/effect-sender.js';

/** What happened to one effect. */
export type EffectOutcome = 'sent' | 'already-done' | 'in-doubt' | 'previously-failed';

/** One line of the executor's report. */
export interface EffectReport {
  readonly effect: EffectName;
  readonly eventId: string;
  readonly idempotencyKey: string;
  readonly outcome: EffectOutcome;
}

/**
 * Hook for metrics (`core/metrics/effect-metrics.ts`): called once per effect that ended, with
 * `failed` when the sender's retries ran out. Not called for an effect cut short by shutdown. A
 * hook that throws is logged and ignored.
 */
export interface EffectObserver {
  onEffect?(info: { effect: EffectName; outcome: EffectOutcome | 'failed' }): void;
}

/** Options for {@link createEffectExecutor}. */
export interface EffectExecutorOptions {
  ledger: EffectLedger;
  /** The sender for each effect. */
  senders: Readonly<Record<EffectName, EffectSender>>;
  logger: Logger;
  /** Sender retries. Default: 5 attempts, 500 ms doubling to at most 10 s, full jitter. */
  retry?: Partial<RetryPolicy>;
  /** Test hook for the backoff wait. */
  sleep?: SleepFn;
  /** Metrics hook. Default none. */
  observer?: EffectObserver;
}

/** Default sender retry policy (overrides on core's defaults). */
export const DEFAULT_EFFECT_RETRY: Partial<RetryPolicy> = Object.freeze({ maxAttempts: 5, initialDelayMs: 500, maxDelayMs: 10_000 });

/** Runs effects for one event. */
export interface EffectExecutor {
  /**
   * Runs `effects` in order. Throws a non-retriable `HANDLER_FAILED` when a sender keeps failing
   * (the row is marked `failed`; the runtime dead-letters the record), and `ABORTED` when
   * `signal` fires between attempts (the claim is released so the redelivered record retries).
   * A sender call in flight is never interrupted: it ends by itself or by its own timeout.
   */
  run(effects: readonly PlannedEffect[], signal?: AbortSignal): Promise<EffectReport[]>;
}

/** Creates the executor. */
export function createEffectExecutor(options: EffectExecutorOptions): EffectExecutor {
  const { ledger, senders, logger } = options;
  const policy = { ...DEFAULT_EFFECT_RETRY, ...options.retry };
  const observe = (effect: EffectName, outcome: EffectOutcome | 'failed'): void => {
    try {
      options.observer?.onEffect?.({ effect, outcome });
    } catch (err) {
      logger.warn({ err, effect }, 'effect observer hook failed; ignored');
    }
  };

  async function runOne(effect: PlannedEffect, signal: AbortSignal | undefined): Promise<EffectOutcome> {
    const fields = { effect: effect.name, eventId: effect.eventId, idempotencyKey: effect.idempotencyKey };
    const claim = await ledger.claim(effect.name, effect.eventId, effect.idempotencyKey);
    if (!claim.claimed) {
      const { state, attempts, startedAtMs } = claim.entry;
      if (state === 'done') return 'already-done';
      if (state === 'failed') {
        logger.warn({ ...fields, attempts }, 'effect failed earlier; not retried on redelivery (release it to run again)');
        return 'previously-failed';
      }
      logger.warn(
        { ...fields, attempts, startedAtMs },
        'effect in doubt: claimed by an earlier run that did not finish; not re-sent (check the receiver by idempotency key)',
      );
      return 'in-doubt';
    }
    const sender = senders[effect.name];
    try {
      await retry(
        async ({ attempt }) => {
          await ledger.recordAttempt(effect.name, effect.eventId);
          await sender.send({ effect: effect.name, eventId: effect.eventId, eventType: effect.eventType, idempotencyKey: effect.idempotencyKey, payload: effect.payload, attempt });
        },
        {
          policy,
          signal,
          sleep: options.sleep,
          onRetry: ({ attempt, delayMs, error }) => logger.warn({ ...fields, attempt, delayMs, err: error }, 'effect failed; retrying'),
        },
      );
    } catch (err) {
      if (isConnectorError(err, 'ABORTED')) {
        // Shutdown came between attempts: every attempt so far failed, so nothing happened; free the claim.
        await ledger.release(effect.name, effect.eventId);
        throw err;
      }
      await ledger.markFailed(effect.name, effect.eventId, err instanceof Error ? err.message : String(err));
      observe(effect.name, 'failed');
      throw new ConnectorError(`Effect ${effect.name} for event ${effect.eventId} failed: ${err instanceof Error ? err.message : String(err)}`, {
        code: 'HANDLER_FAILED',
        retriable: false,
        cause: err,
        context: { eventId: effect.eventId, eventType: effect.eventType, reason: effect.name },
      });
    }
    // Outside the retry: if this write fails, the row stays `started` (in doubt) and is never re-sent.
    await ledger.markDone(effect.name, effect.eventId);
    logger.info({ ...fields, sender: sender.kind }, 'effect sent');
    return 'sent';
  }

  return {
    async run(effects, signal) {
      const reports: EffectReport[] = [];
      for (const effect of effects) {
        const outcome = await runOne(effect, signal);
        observe(effect.name, outcome);
        reports.push({ effect: effect.name, eventId: effect.eventId, idempotencyKey: effect.idempotencyKey, outcome });
      }
      return reports;
    },
  };
}

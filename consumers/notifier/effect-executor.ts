/**
 * Runs planned effects through the ledger: claim the row (committed), call the sender with
 * retries, then mark the row done. An effect a crash left in doubt is sent again with the same
 * idempotency key when its sender's receiver dedupes on it, and skipped otherwise; see
 * `effect-ledger.ts` for why.
 */
import type { Logger } from 'pino';
import { isConnectorError } from '../../core/errors.js';
import type { RetryPolicy, SleepFn } from '../../core/retry.js';
import { deliverClaimed } from './deliver-effect.js';
import type { EffectLedger, LedgerEntry } from './effect-ledger.js';
import type { EffectName, PlannedEffect } from './effects.js';
import type { EffectSender } from './senders/effect-sender.js';

/**
 * What happened to one effect: `sent`; `resent` (it was in doubt and went again with the same
 * key); or skipped as `already-done`, `in-doubt` (its receiver does not dedupe, so it is left to
 * an operator), `in-flight` (another run took it over a moment ago) or `previously-failed`.
 */
export type EffectOutcome = 'sent' | 'resent' | 'already-done' | 'in-doubt' | 'in-flight' | 'previously-failed';

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

/**
 * Why a claim that found a row does not send: the row's state, and for a `started` row whether
 * the sender would have taken it over (then another run did so first).
 */
export function skippedOutcome(entry: LedgerEntry, receiverIdempotent: boolean): Exclude<EffectOutcome, 'sent' | 'resent'> {
  if (entry.state === 'done') return 'already-done';
  if (entry.state === 'failed') return 'previously-failed';
  return receiverIdempotent ? 'in-flight' : 'in-doubt';
}

/** Runs effects for one event. */
export interface EffectExecutor {
  /**
   * Runs `effects` in order. Throws a non-retriable `HANDLER_FAILED` when a sender keeps failing
   * (the row is marked `failed`; the runtime dead-letters the record), and `ABORTED` when
   * `signal` fires between attempts (a fresh claim is released so the redelivered record retries;
   * a taken-over one stays in doubt and is taken over again).
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
    const sender = senders[effect.name];
    const claim = await ledger.claim(effect.name, effect.eventId, effect.idempotencyKey, {
      takeOverInDoubt: sender.receiverIdempotent,
      request: { eventType: effect.eventType, payload: effect.payload },
    });
    if (!claim.claimed) {
      const { attempts, startedAtMs } = claim.entry;
      const outcome = skippedOutcome(claim.entry, sender.receiverIdempotent);
      if (outcome === 'previously-failed') logger.warn({ ...fields, attempts }, 'effect failed earlier; not retried on redelivery (workos-kafka effects --retry sends it again)');
      if (outcome === 'in-doubt') {
        logger.warn(
          { ...fields, attempts, startedAtMs, sender: sender.kind },
          'effect in doubt: claimed by an earlier run that did not finish, and its receiver does not dedupe by idempotency key; not re-sent (check the receiver, then workos-kafka effects --retry or --release)',
        );
      }
      if (outcome === 'in-flight') logger.info({ ...fields, startedAtMs }, 'effect taken over by another run just now; skipped');
      return outcome;
    }
    if (claim.takenOver !== undefined) {
      logger.warn(
        { ...fields, attempts: claim.takenOver.attempts, startedAtMs: claim.takenOver.startedAtMs, sender: sender.kind },
        'effect in doubt (an earlier run claimed it and did not finish): sending it again with the same idempotency key, which its receiver dedupes on',
      );
    }
    try {
      await deliverClaimed(effect, { ledger, sender, policy, logger, signal, sleep: options.sleep });
    } catch (err) {
      if (!isConnectorError(err, 'ABORTED')) {
        // HANDLER_FAILED: the retries ran out. Anything else is the ledger failing after the send.
        if (isConnectorError(err, 'HANDLER_FAILED')) observe(effect.name, 'failed');
        throw err;
      }
      // Shutdown came between attempts, every attempt of this run having failed. A fresh claim is
      // freed (nothing happened); a taken-over one stays in doubt (the earlier run's attempt may
      // have landed), and its redelivery takes it over again.
      if (claim.takenOver === undefined) await ledger.release(effect.name, effect.eventId);
      throw err;
    }
    logger.info({ ...fields, sender: sender.kind }, claim.takenOver === undefined ? 'effect sent' : 'effect sent again');
    return claim.takenOver === undefined ? 'sent' : 'resent';
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

/**
 * Sending one claimed effect: the sender with retries, each attempt counted in the ledger before
 * it is made, then the row closed as done or failed. Shared by the executor (records as they
 * arrive) and `workos-kafka effects --retry` (an operator's resend).
 */
import type { Logger } from 'pino';
import { ConnectorError, isConnectorError } from '../../core/errors.js';
import { retry, type RetryPolicy, type SleepFn } from '../../core/retry.js';
import type { EffectLedger } from './effect-ledger.js';
import type { PlannedEffect } from './effects.js';
import type { EffectSender } from './senders/effect-sender.js';

/** What {@link deliverClaimed} needs. */
export interface DeliverOptions {
  readonly ledger: EffectLedger;
  readonly sender: EffectSender;
  readonly policy: Partial<RetryPolicy>;
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
  readonly sleep?: SleepFn | undefined;
}

/**
 * Sends `effect`, whose row the caller holds as `started`. Resolves once the row is done.
 * Rejects with `ABORTED` when `signal` fires between attempts (the row is left to the caller),
 * and with a non-retriable `HANDLER_FAILED` once the retries ran out (the row is marked failed).
 * A failing `markDone` rejects too and leaves the row `started`: in doubt, like a crash there.
 */
export async function deliverClaimed(effect: PlannedEffect, options: DeliverOptions): Promise<void> {
  const { ledger, sender, logger } = options;
  const fields = { effect: effect.name, eventId: effect.eventId, idempotencyKey: effect.idempotencyKey };
  try {
    await retry(
      async ({ attempt }) => {
        await ledger.recordAttempt(effect.name, effect.eventId);
        await sender.send({ effect: effect.name, eventId: effect.eventId, eventType: effect.eventType, idempotencyKey: effect.idempotencyKey, payload: effect.payload, attempt });
      },
      {
        policy: options.policy,
        signal: options.signal,
        sleep: options.sleep,
        onRetry: ({ attempt, delayMs, error }) => logger.warn({ ...fields, attempt, delayMs, err: error }, 'effect failed; retrying'),
      },
    );
  } catch (err) {
    if (isConnectorError(err, 'ABORTED')) throw err;
    const message = err instanceof Error ? err.message : String(err);
    await ledger.markFailed(effect.name, effect.eventId, message);
    throw new ConnectorError(`Effect ${effect.name} for event ${effect.eventId} failed: ${message}`, {
      code: 'HANDLER_FAILED',
      retriable: false,
      cause: err,
      context: { eventId: effect.eventId, eventType: effect.eventType, reason: effect.name },
    });
  }
  await ledger.markDone(effect.name, effect.eventId);
}

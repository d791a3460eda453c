/**
 * A sender that only logs: the default for effects with no endpoint configured, and a safe way to
 * watch what the notifier would do.
 */
import type { Logger } from 'pino';
import type { EffectRequest, EffectSender } from './effect-sender.js';

/** Logs each effect at info level with its idempotency key and payload. */
export function createLoggingSender(logger: Logger): EffectSender {
  return {
    kind: 'logging',
    // A log line is no side effect: writing it again, with its key, loses nothing and harms no one.
    receiverIdempotent: true,
    async send(request: EffectRequest): Promise<void> {
      logger.info(
        {
          effect: request.effect,
          eventId: request.eventId,
          idempotencyKey: request.idempotencyKey,
          attempt: request.attempt,
          payload: request.payload,
        },
        'effect delivered to the log',
      );
    },
  };
}

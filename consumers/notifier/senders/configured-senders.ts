/**
 * The sender of each effect as the settings say: an HTTP POST to its URL, or the log when it has
 * none. The notifier and `workos-kafka effects --retry` build them the same way, so a resend by
 * hand goes where the notifier would have sent it.
 */
import type { Logger } from 'pino';
import type { EffectName } from '../effects.js';
import type { EffectSender } from './effect-sender.js';
import { createHttpWebhookSender } from './http-webhook-sender.js';
import { createLoggingSender } from './logging-sender.js';

/** The delivery settings the senders read. */
export interface SenderSettings {
  readonly NOTIFIER_WELCOME_URL?: string | undefined;
  readonly NOTIFIER_DEPROVISION_URL?: string | undefined;
  readonly NOTIFIER_RECEIVER_IDEMPOTENT: boolean;
  readonly NOTIFIER_HTTP_TIMEOUT_MS: number;
}

/** One sender per effect. */
export function sendersFromSettings(settings: SenderSettings, logger: Logger): Record<EffectName, EffectSender> {
  const senderFor = (url: string | undefined): EffectSender =>
    url === undefined
      ? createLoggingSender(logger.child({ component: 'consumers.notifier.sender' }))
      : createHttpWebhookSender({ url, timeoutMs: settings.NOTIFIER_HTTP_TIMEOUT_MS, receiverIdempotent: settings.NOTIFIER_RECEIVER_IDEMPOTENT });
  return { 'welcome-message': senderFor(settings.NOTIFIER_WELCOME_URL), 'deprovision-call': senderFor(settings.NOTIFIER_DEPROVISION_URL) };
}

/** The sender retry policy the settings give (the backoff cap is 10 s, or the first wait if longer). */
export function senderRetryPolicy(settings: { readonly NOTIFIER_MAX_ATTEMPTS: number; readonly NOTIFIER_RETRY_INITIAL_MS: number }) {
  return {
    maxAttempts: settings.NOTIFIER_MAX_ATTEMPTS,
    initialDelayMs: settings.NOTIFIER_RETRY_INITIAL_MS,
    maxDelayMs: Math.max(10_000, settings.NOTIFIER_RETRY_INITIAL_MS),
  };
}

/**
 * How long after its claim a `started` row counts as in doubt rather than in flight: longer than
 * one effect's whole retry budget (every attempt timing out, every backoff at its cap), and at
 * least 5 minutes.
 */
export function inDoubtAfterMs(settings: SenderSettings & { readonly NOTIFIER_MAX_ATTEMPTS: number; readonly NOTIFIER_RETRY_INITIAL_MS: number }): number {
  const { maxAttempts, maxDelayMs } = senderRetryPolicy(settings);
  return Math.max(5 * 60_000, maxAttempts * (settings.NOTIFIER_HTTP_TIMEOUT_MS + maxDelayMs));
}

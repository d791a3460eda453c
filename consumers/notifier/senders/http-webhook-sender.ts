/**
 * Delivers effects as a JSON POST to an HTTP endpoint (for example the internal deprovisioning
 * service), with a per-attempt timeout and the idempotency key in a header.
 */
import { ConnectorError } from '../../../core/errors.js';
import type { EffectRequest, EffectSender } from './effect-sender.js';

/** Options for {@link createHttpWebhookSender}. */
export interface HttpWebhookSenderOptions {
  /** Absolute http(s) URL that receives the POST. */
  url: string;
  /** Per-attempt timeout, ms. Default 5 000. */
  timeoutMs?: number;
  /** Extra request headers (e.g. an internal auth token). */
  headers?: Readonly<Record<string, string>>;
  /** The fetch implementation. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /**
   * Whether the receiver dedupes on `Idempotency-Key` (see `EffectSender.receiverIdempotent`).
   * Default true: every call has carried the key since the first release, and the receivers it is
   * for (deprovisioning, mail services) dedupe on it; `NOTIFIER_RECEIVER_IDEMPOTENT=false` is for
   * one that does not.
   */
  receiverIdempotent?: boolean;
}

/** Default per-attempt timeout, ms. */
export const DEFAULT_WEBHOOK_TIMEOUT_MS = 5_000;

/**
 * POSTs `{effect, eventId, eventType, idempotencyKey, payload}` with headers `Idempotency-Key`
 * and `X-WorkOS-Event-Id`. 2xx is success. 408, 429 and 5xx, timeouts and network failures are
 * retriable; any other status is not (retrying sends the same request).
 */
export function createHttpWebhookSender(options: HttpWebhookSenderOptions): EffectSender {
  const url = new URL(options.url);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`webhook URL must be http(s), got ${options.url}`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_WEBHOOK_TIMEOUT_MS;
  const doFetch = options.fetch ?? fetch;
  return {
    kind: 'http',
    receiverIdempotent: options.receiverIdempotent ?? true,
    async send(request: EffectRequest, signal?: AbortSignal): Promise<void> {
      const timeout = AbortSignal.timeout(timeoutMs);
      const context = { eventId: request.eventId, reason: request.effect, url: url.origin + url.pathname };
      let response: Response;
      try {
        response = await doFetch(url, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            'idempotency-key': request.idempotencyKey,
            'x-workos-event-id': request.eventId,
            ...options.headers,
          },
          body: JSON.stringify({
            effect: request.effect,
            eventId: request.eventId,
            eventType: request.eventType,
            idempotencyKey: request.idempotencyKey,
            payload: request.payload,
          }),
          signal: signal === undefined ? timeout : AbortSignal.any([timeout, signal]),
        });
      } catch (err) {
        const what = timeout.aborted ? `timed out after ${timeoutMs} ms` : 'failed before an HTTP answer';
        throw new ConnectorError(`Webhook ${request.effect} ${what}`, { code: 'HANDLER_FAILED', retriable: true, cause: err, context });
      }
      // Drain the body so the connection can be reused.
      await response.arrayBuffer().catch(() => undefined);
      if (response.ok) return;
      const retriable = response.status === 408 || response.status === 429 || response.status >= 500;
      const retryAfterHeader = response.headers.get('retry-after');
      const retryAfter = retryAfterHeader === null ? Number.NaN : Number(retryAfterHeader);
      throw new ConnectorError(`Webhook ${request.effect} answered HTTP ${response.status}`, {
        code: 'HANDLER_FAILED',
        retriable,
        context: { ...context, status: response.status, retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined },
      });
    },
  };
}

/**
 * The pluggable delivery of an effect: an email service, a chat webhook, an internal HTTP
 * endpoint. A sender resolves when the receiver accepted the effect and throws when it did not;
 * a `ConnectorError` with `retriable: false` stops the retries at once.
 */

/** What a sender is asked to deliver. */
export interface EffectRequest {
  /** The effect name, e.g. `deprovision-call`. */
  readonly effect: string;
  readonly eventId: string;
  readonly eventType: string;
  /**
   * `<effect>:<event id>`, the same on every attempt and every replay. Receivers should dedupe
   * on it: it is what makes an in-doubt effect safe to resend by hand.
   */
  readonly idempotencyKey: string;
  readonly payload: Readonly<Record<string, unknown>>;
  /** 1-based attempt number within this run. */
  readonly attempt: number;
}

/** Delivers effects. */
export interface EffectSender {
  /** A short label for logs (`logging`, `http`, `recording`). */
  readonly kind: string;
  /** Delivers `request`; `signal` aborts on shutdown. */
  send(request: EffectRequest, signal?: AbortSignal): Promise<void>;
}

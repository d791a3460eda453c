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
   * `<effect>:<event id>`, the same on every attempt, every resend and every replay. A receiver
   * that dedupes on it gets each effect exactly once, even when a crash makes the notifier send
   * it again (see {@link EffectSender.receiverIdempotent}).
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
  /**
   * Whether the receiver applies a request at most once per idempotency key (Stripe's
   * Idempotency-Key, an inbox table). When true, an effect a crash left in doubt (claimed, no
   * outcome recorded) is sent again with the same key when its record is processed again: no
   * effect is lost, and the receiver keeps it to one. When false it stays skipped and reported
   * (at most once): a second call to such a receiver would be a second effect.
   */
  readonly receiverIdempotent: boolean;
  /** Delivers `request`; `signal` aborts on shutdown. */
  send(request: EffectRequest, signal?: AbortSignal): Promise<void>;
}

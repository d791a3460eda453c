/**
 * The notifier's side effects as data. The planner returns these; the executor runs each at most
 * once through the ledger and a sender.
 */

/** Every effect the notifier knows. Ledger rows and idempotency keys use these names. */
export const EFFECT_NAMES = ['welcome-message', 'deprovision-call'] as const;

/** One of {@link EFFECT_NAMES}. */
export type EffectName = (typeof EFFECT_NAMES)[number];

/** An effect an event calls for. */
export interface PlannedEffect {
  readonly name: EffectName;
  readonly eventId: string;
  readonly eventType: string;
  /** `<effect>:<event id>`: stable across replays, so a receiver can dedupe. */
  readonly idempotencyKey: string;
  /** What the sender delivers (JSON-serialisable). */
  readonly payload: Readonly<Record<string, unknown>>;
}

/** The idempotency key of an effect for an event. */
export function idempotencyKeyOf(name: EffectName, eventId: string): string {
  return `${name}:${eventId}`;
}

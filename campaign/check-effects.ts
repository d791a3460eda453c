/**
 * The at-most-once check of the notifier: deliveries counted by the receiver (never more than
 * one per idempotency key), and the effect ledger consistent with them and with the effects the
 * ground truth calls for.
 */
import { parseWorkosEvent, type LedgerEntry } from '../consumers/index.js';
import { planEffects } from '../consumers/notifier/plan-effects.js';

/** Figures of the check. */
export interface EffectsCheck {
  planned: number;
  delivered: number;
  /** Keys delivered more than once, and the extra deliveries. */
  duplicateKeys: number;
  extraDeliveries: number;
  /** Delivered keys no event calls for. */
  unplanned: number;
  ledger: { done: number; started: number; failed: number };
  /** Planned effects with no ledger row: the record was passed over without claiming it. */
  missingFromLedger: number;
  /** `done` rows the receiver never got. */
  doneNotDelivered: number;
  /** Deliveries with no ledger row: an effect ran without its claim. */
  deliveredWithoutClaim: number;
  /** Rows whose idempotency key is not `<effect>:<event id>`. */
  badKeys: number;
  /** In-doubt (`started`) rows the receiver did get (kill after the send) and did not (kill before). */
  inDoubtDelivered: number;
  inDoubtNotDelivered: number;
  samples: Record<string, string[]>;
}

/** Compares planned effects, receiver deliveries and ledger rows. */
export function checkEffects(events: Iterable<unknown>, deliveries: ReadonlyMap<string, number>, entries: readonly LedgerEntry[]): EffectsCheck {
  const planned = new Set<string>();
  for (const value of events) for (const effect of planEffects(parseWorkosEvent(value))) planned.add(effect.idempotencyKey);
  const check: EffectsCheck = {
    planned: planned.size, delivered: deliveries.size, duplicateKeys: 0, extraDeliveries: 0, unplanned: 0,
    ledger: { done: 0, started: 0, failed: 0 }, missingFromLedger: 0, doneNotDelivered: 0, deliveredWithoutClaim: 0,
    badKeys: 0, inDoubtDelivered: 0, inDoubtNotDelivered: 0, samples: {},
  };
  const sample = (kind: string, text: string): void => {
    const list = (check.samples[kind] ??= []);
    if (list.length < 5) list.push(text);
  };
  for (const [key, count] of deliveries) {
    if (count > 1) {
      check.duplicateKeys += 1;
      check.extraDeliveries += count - 1;
      sample('duplicates', `${key} × ${count}`);
    }
    if (!planned.has(key)) {
      check.unplanned += 1;
      sample('unplanned', key);
    }
  }
  const claimed = new Set<string>();
  for (const entry of entries) {
    claimed.add(entry.idempotencyKey);
    check.ledger[entry.state] += 1;
    if (entry.idempotencyKey !== `${entry.effect}:${entry.eventId}`) {
      check.badKeys += 1;
      sample('badKeys', entry.idempotencyKey);
    }
    const got = deliveries.get(entry.idempotencyKey) ?? 0;
    if (entry.state === 'done' && got === 0) {
      check.doneNotDelivered += 1;
      sample('doneNotDelivered', entry.idempotencyKey);
    }
    if (entry.state === 'started') {
      if (got > 0) check.inDoubtDelivered += 1;
      else check.inDoubtNotDelivered += 1;
    }
  }
  for (const key of planned) {
    if (!claimed.has(key)) {
      check.missingFromLedger += 1;
      sample('missingFromLedger', key);
    }
  }
  for (const key of deliveries.keys()) {
    if (!claimed.has(key)) {
      check.deliveredWithoutClaim += 1;
      sample('deliveredWithoutClaim', key);
    }
  }
  return check;
}

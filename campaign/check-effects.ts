/**
 * The effects check of the notifier, counted by idempotency key: every effect the ground truth
 * calls for delivered, nothing else delivered, and the effect ledger consistent with the
 * receiver. The notifier sends an effect a kill left in doubt again with the same key (its HTTP
 * receivers dedupe on it, NOTIFIER_RECEIVER_IDEMPOTENT=true), so a key may reach the receiver more
 * than once; each such call must be one the ledger recorded as a sender attempt (every call is
 * preceded by one). A call beyond them was sent outside the ledger's protocol: a real duplicate.
 */
import { parseWorkosEvent, type LedgerEntry } from '../consumers/index.js';
import { planEffects } from '../consumers/notifier/plan-effects.js';

/** Figures of the check. */
export interface EffectsCheck {
  planned: number;
  /** Distinct keys delivered. */
  delivered: number;
  /** Planned keys the receiver never got. */
  lost: number;
  /** Keys delivered more often than the ledger recorded attempts for them, and those extra deliveries. */
  duplicateKeys: number;
  extraDeliveries: number;
  /** Keys delivered more than once within their recorded attempts (resends the key de-duplicates), and the repeat calls. */
  resentKeys: number;
  resentCalls: number;
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
    planned: planned.size, delivered: deliveries.size, lost: 0, duplicateKeys: 0, extraDeliveries: 0, resentKeys: 0, resentCalls: 0, unplanned: 0,
    ledger: { done: 0, started: 0, failed: 0 }, missingFromLedger: 0, doneNotDelivered: 0, deliveredWithoutClaim: 0,
    badKeys: 0, inDoubtDelivered: 0, inDoubtNotDelivered: 0, samples: {},
  };
  const sample = (kind: string, text: string): void => {
    const list = (check.samples[kind] ??= []);
    if (list.length < 5) list.push(text);
  };
  const attempts = new Map(entries.map((entry) => [entry.idempotencyKey, entry.attempts]));
  for (const [key, count] of deliveries) {
    const explained = Math.min(count, Math.max(1, attempts.get(key) ?? 1));
    if (count > explained) {
      check.duplicateKeys += 1;
      check.extraDeliveries += count - explained;
      sample('duplicates', `${key} × ${count} (${attempts.get(key) ?? 0} attempts recorded)`);
    }
    if (explained > 1) {
      check.resentKeys += 1;
      check.resentCalls += explained - 1;
    }
    if (!planned.has(key)) {
      check.unplanned += 1;
      sample('unplanned', key);
    }
  }
  for (const key of planned) {
    if (!deliveries.has(key)) {
      check.lost += 1;
      sample('lost', key);
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

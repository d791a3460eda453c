/**
 * The campaign's effects check counts by idempotency key: a resend within the ledger's recorded
 * attempts is one effect at a receiver that dedupes; a call beyond them, and a planned effect
 * never delivered, are violations.
 */
import { describe, expect, it } from 'vitest';
import { checkEffects } from '../../../campaign/check-effects.js';
import type { LedgerEntry } from '../../../consumers/notifier/effect-ledger.js';
import { at, directoryUser, event } from '../consumers/fixtures/workos-events.js';

const events = ['e1', 'e2', 'e3'].map((id) => event('dsync.user.deleted', directoryUser(`u_${id}`, at(1)), at(1), id));
const key = (id: string) => `deprovision-call:${id}`;

function done(id: string, attempts: number): LedgerEntry {
  return { effect: 'deprovision-call', eventId: id, idempotencyKey: key(id), state: 'done', attempts, startedAtMs: 0, finishedAtMs: 1, lastError: null };
}

describe('campaign effects check', () => {
  it('counts a resend with the same key (within the recorded attempts) as one effect', () => {
    const check = checkEffects(events, new Map([[key('e1'), 2], [key('e2'), 1], [key('e3'), 1]]), [done('e1', 2), done('e2', 1), done('e3', 1)]);
    expect(check).toMatchObject({ planned: 3, delivered: 3, lost: 0, duplicateKeys: 0, extraDeliveries: 0, resentKeys: 1, resentCalls: 1, doneNotDelivered: 0 });
  });

  it('reports a call the ledger recorded no attempt for as a duplicate, and a planned effect never delivered as lost', () => {
    const check = checkEffects(events, new Map([[key('e1'), 3], [key('e2'), 1]]), [done('e1', 1), done('e2', 1), { ...done('e3', 1), state: 'started' }]);
    expect(check).toMatchObject({ delivered: 2, lost: 1, duplicateKeys: 1, extraDeliveries: 2, resentKeys: 0, inDoubtNotDelivered: 1 });
    expect(check.samples.lost).toEqual([key('e3')]);
  });
});

/**
 * The executor's decision for an effect a crash left in doubt: sent again with the same key when
 * the sender's receiver dedupes on it, skipped (at most once) otherwise; and the claim rule itself.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createEffectExecutor, skippedOutcome, type EffectOutcome } from '../../../../consumers/notifier/effect-executor.js';
import { decideClaim, takeOverStartMs, type LedgerEntry } from '../../../../consumers/notifier/effect-ledger.js';
import { idempotencyKeyOf, type PlannedEffect } from '../../../../consumers/notifier/effects.js';
import { createRecordingSender, type RecordingSender } from '../../../../consumers/notifier/senders/recording-sender.js';
import { memoryLedger, type MemoryLedger } from './memory-ledger.js';

const logger = pino({ level: 'silent' });

function deprovision(eventId: string): PlannedEffect {
  return { name: 'deprovision-call', eventId, eventType: 'dsync.user.deleted', idempotencyKey: idempotencyKeyOf('deprovision-call', eventId), payload: { directoryUserId: `u_${eventId}` } };
}

function entry(state: LedgerEntry['state']): LedgerEntry {
  return { effect: 'deprovision-call', eventId: 'e1', idempotencyKey: 'deprovision-call:e1', state, attempts: 1, startedAtMs: 1_000, finishedAtMs: null, lastError: null };
}

function executor(ledger: MemoryLedger, sender: RecordingSender, outcomes: string[] = [], maxAttempts = 3) {
  return createEffectExecutor({
    ledger,
    senders: { 'welcome-message': sender, 'deprovision-call': sender },
    logger,
    retry: { maxAttempts, initialDelayMs: 1, maxDelayMs: 1 },
    observer: { onEffect: ({ outcome }) => void outcomes.push(outcome) },
  });
}

describe('the claim rule', () => {
  it('inserts a new row, skips done and failed rows, takes over a started one only for a deduping receiver', () => {
    expect(decideClaim(undefined, false)).toBe('insert');
    expect(decideClaim(undefined, true)).toBe('insert');
    for (const takeOver of [false, true]) {
      expect(decideClaim(entry('done'), takeOver)).toBe('skip');
      expect(decideClaim(entry('failed'), takeOver)).toBe('skip');
    }
    expect(decideClaim(entry('started'), true)).toBe('take-over');
    expect(decideClaim(entry('started'), false)).toBe('skip');
  });

  it('names why a claim that found a row did not send', () => {
    const outcomes: Array<[LedgerEntry['state'], boolean, EffectOutcome]> = [
      ['done', true, 'already-done'],
      ['done', false, 'already-done'],
      ['failed', true, 'previously-failed'],
      ['failed', false, 'previously-failed'],
      ['started', false, 'in-doubt'],
      // A deduping receiver's claim would have taken it over: another run did, just now.
      ['started', true, 'in-flight'],
    ];
    for (const [state, idempotent, outcome] of outcomes) expect(skippedOutcome(entry(state), idempotent), `${state} ${idempotent}`).toBe(outcome);
  });

  it('moves the claim time of a take-over strictly forward, even within the same millisecond', () => {
    expect(takeOverStartMs(entry('started'), 5_000)).toBe(5_000);
    expect(takeOverStartMs(entry('started'), 1_000)).toBe(1_001);
    expect(takeOverStartMs(entry('started'), 900)).toBe(1_001);
  });
});

describe('an effect left in doubt by a crash (claimed, no outcome)', () => {
  it('is sent again with the same idempotency key when the receiver dedupes, and then done', async () => {
    const ledger = memoryLedger();
    ledger.put({ effect: 'deprovision-call', eventId: 'e1', attempts: 1 });
    const sender = createRecordingSender({ receiverIdempotent: true });
    const outcomes: string[] = [];
    const reports = await executor(ledger, sender, outcomes).run([deprovision('e1')]);
    expect(reports).toEqual([{ effect: 'deprovision-call', eventId: 'e1', idempotencyKey: 'deprovision-call:e1', outcome: 'resent' }]);
    expect(sender.sent.map((request) => request.idempotencyKey)).toEqual(['deprovision-call:e1']);
    expect(await ledger.get('deprovision-call', 'e1')).toMatchObject({ state: 'done', attempts: 2 });
    expect(outcomes).toEqual(['resent']);
    // Once done, a later delivery (a replay) sends nothing.
    expect(await executor(ledger, sender).run([deprovision('e1')])).toMatchObject([{ outcome: 'already-done' }]);
    expect(sender.attempts).toHaveLength(1);
  });

  it('is skipped and reported when the receiver does not dedupe (at most once)', async () => {
    const ledger = memoryLedger();
    ledger.put({ effect: 'deprovision-call', eventId: 'e1' });
    const sender = createRecordingSender({ receiverIdempotent: false });
    const outcomes: string[] = [];
    expect(await executor(ledger, sender, outcomes).run([deprovision('e1')])).toMatchObject([{ outcome: 'in-doubt' }]);
    expect(sender.attempts).toEqual([]);
    expect(await ledger.get('deprovision-call', 'e1')).toMatchObject({ state: 'started' });
    expect(outcomes).toEqual(['in-doubt']);
  });

  it('decides per sender: each effect follows its own receiver', async () => {
    const ledger = memoryLedger();
    ledger.put({ effect: 'deprovision-call', eventId: 'e1' });
    ledger.put({ effect: 'welcome-message', eventId: 'e1' });
    const deduping = createRecordingSender({ receiverIdempotent: true });
    const plain = createRecordingSender({ receiverIdempotent: false });
    const run = createEffectExecutor({ ledger, senders: { 'welcome-message': plain, 'deprovision-call': deduping }, logger });
    const welcome: PlannedEffect = { ...deprovision('e1'), name: 'welcome-message', idempotencyKey: idempotencyKeyOf('welcome-message', 'e1') };
    expect((await run.run([deprovision('e1'), welcome])).map((report) => report.outcome)).toEqual(['resent', 'in-doubt']);
    expect(deduping.sent).toHaveLength(1);
    expect(plain.attempts).toHaveLength(0);
  });

  it('is not retried on its own once it failed, whatever the receiver', async () => {
    const ledger = memoryLedger();
    ledger.put({ effect: 'deprovision-call', eventId: 'e1', state: 'failed', lastError: 'HTTP 400' });
    const sender = createRecordingSender({ receiverIdempotent: true });
    expect(await executor(ledger, sender).run([deprovision('e1')])).toMatchObject([{ outcome: 'previously-failed' }]);
    expect(sender.attempts).toEqual([]);
  });

  it('stays in doubt when shutdown interrupts its resend, while a fresh claim is released', async () => {
    const ledger = memoryLedger();
    ledger.put({ effect: 'deprovision-call', eventId: 'e1' });
    const sender = createRecordingSender({ receiverIdempotent: true });
    sender.failNext(100);
    const slow = (signal: AbortSignal) =>
      createEffectExecutor({
        ledger,
        senders: { 'welcome-message': sender, 'deprovision-call': sender },
        logger,
        retry: { maxAttempts: 5, initialDelayMs: 10_000, maxDelayMs: 10_000, jitter: 0 },
      }).run([deprovision('e1'), deprovision('e2')], signal);
    const first = new AbortController();
    setTimeout(() => first.abort(), 20);
    await expect(slow(first.signal)).rejects.toMatchObject({ code: 'ABORTED' });
    // The earlier run's attempt may have landed: the row stays, and the next delivery takes it over.
    expect(await ledger.get('deprovision-call', 'e1')).toMatchObject({ state: 'started' });
    sender.failNext(0);
    expect((await executor(ledger, sender).run([deprovision('e1')]))[0]?.outcome).toBe('resent');

    const second = new AbortController();
    sender.failNext(100);
    setTimeout(() => second.abort(), 20);
    await expect(
      createEffectExecutor({ ledger, senders: { 'welcome-message': sender, 'deprovision-call': sender }, logger, retry: { maxAttempts: 5, initialDelayMs: 10_000, maxDelayMs: 10_000, jitter: 0 } }).run(
        [deprovision('e2')],
        second.signal,
      ),
    ).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await ledger.get('deprovision-call', 'e2')).toBeUndefined();
  });

  it('stores what it sends with the claim, until the effect is done', async () => {
    const ledger = memoryLedger();
    const sender = createRecordingSender({ receiverIdempotent: true });
    sender.failNext(100);
    await expect(executor(ledger, sender, [], 2).run([deprovision('e1')])).rejects.toMatchObject({ code: 'HANDLER_FAILED', retriable: false });
    expect(ledger.requests.get('deprovision-call|e1')).toEqual({ eventType: 'dsync.user.deleted', payload: { directoryUserId: 'u_e1' } });
    sender.failNext(0);
    await executor(ledger, sender).run([deprovision('e2')]);
    expect(ledger.requests.has('deprovision-call|e2')).toBe(false);
  });
});

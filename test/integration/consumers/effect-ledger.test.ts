/**
 * The effect ledger and the executor's at-most-once rules, one suite run against SQLite and
 * PostgreSQL.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createEffectExecutor } from '../../../consumers/notifier/effect-executor.js';
import type { EffectLedger } from '../../../consumers/notifier/effect-ledger.js';
import { idempotencyKeyOf, type PlannedEffect } from '../../../consumers/notifier/effects.js';
import { createRecordingSender, type RecordingSender } from '../../../consumers/notifier/senders/recording-sender.js';
import { createSqlEffectLedger } from '../../../consumers/notifier/sql-effect-ledger.js';
import { ConnectorError, isConnectorError } from '../../../core/errors.js';
import { openForTest, TEST_DATABASES, type TestDatabase } from './support/databases.js';

const logger = pino({ level: 'silent' });

async function freshLedger(db: TestDatabase): Promise<EffectLedger> {
  const ledger = createSqlEffectLedger(await openForTest(db.freshConfig()));
  await ledger.migrate();
  return ledger;
}

function deprovision(eventId: string): PlannedEffect {
  return {
    name: 'deprovision-call',
    eventId,
    eventType: 'dsync.user.deleted',
    idempotencyKey: idempotencyKeyOf('deprovision-call', eventId),
    payload: { directoryUserId: 'directory_user_1' },
  };
}

function executorFor(ledger: EffectLedger, sender: RecordingSender, maxAttempts = 4) {
  return createEffectExecutor({
    ledger,
    senders: { 'welcome-message': sender, 'deprovision-call': sender },
    logger,
    retry: { maxAttempts, initialDelayMs: 1, maxDelayMs: 5 },
  });
}

describe.each(TEST_DATABASES)('effect ledger on $kind', (db) => {
  it('lets exactly one of many concurrent claims win', async () => {
    const ledger = await freshLedger(db);
    await ledger.migrate();
    const claims = await Promise.all(Array.from({ length: 12 }, () => ledger.claim('welcome-message', 'event_1', 'welcome-message:event_1')));
    expect(claims.filter((c) => c.claimed)).toHaveLength(1);
    const lost = claims.find((c) => !c.claimed);
    expect(lost).toMatchObject({ claimed: false, entry: { state: 'started', idempotencyKey: 'welcome-message:event_1' } });
  });

  it('tracks attempts and completion, and never releases a done row', async () => {
    const ledger = await freshLedger(db);
    await ledger.claim('deprovision-call', 'event_1', 'k');
    await ledger.recordAttempt('deprovision-call', 'event_1');
    await ledger.recordAttempt('deprovision-call', 'event_1');
    await ledger.markDone('deprovision-call', 'event_1');
    expect(await ledger.get('deprovision-call', 'event_1')).toMatchObject({ state: 'done', attempts: 2, lastError: null });
    expect(await ledger.release('deprovision-call', 'event_1')).toBe(false);
    expect(await ledger.counts()).toEqual({ started: 0, done: 1, failed: 0 });
  });

  it('sends once and runs zero new effects when the same event is replayed', async () => {
    const ledger = await freshLedger(db);
    const sender = createRecordingSender();
    const executor = executorFor(ledger, sender);
    expect(await executor.run([deprovision('event_1')])).toMatchObject([{ outcome: 'sent' }]);
    expect(await executor.run([deprovision('event_1')])).toMatchObject([{ outcome: 'already-done' }]);
    expect(sender.attempts).toHaveLength(1);
    expect(sender.sent[0]).toMatchObject({ idempotencyKey: 'deprovision-call:event_1', effect: 'deprovision-call' });
  });

  it('does not re-send an effect a crashed run left in doubt (started), and reports it', async () => {
    const ledger = await freshLedger(db);
    // The crashed run: claimed, maybe sent, never marked done.
    await ledger.claim('deprovision-call', 'event_1', idempotencyKeyOf('deprovision-call', 'event_1'));
    const sender = createRecordingSender();
    expect(await executorFor(ledger, sender).run([deprovision('event_1')])).toMatchObject([{ outcome: 'in-doubt', idempotencyKey: 'deprovision-call:event_1' }]);
    expect(sender.attempts).toHaveLength(0);
    expect((await ledger.list('started')).map((e) => e.eventId)).toEqual(['event_1']);
    // An operator who checked the receiver releases it; the next delivery runs it once.
    expect(await ledger.release('deprovision-call', 'event_1')).toBe(true);
    expect(await executorFor(ledger, sender).run([deprovision('event_1')])).toMatchObject([{ outcome: 'sent' }]);
  });

  it('retries a failing sender with the same idempotency key, then marks done', async () => {
    const ledger = await freshLedger(db);
    const sender = createRecordingSender();
    sender.failNext(2);
    expect(await executorFor(ledger, sender).run([deprovision('event_1')])).toMatchObject([{ outcome: 'sent' }]);
    expect(sender.attempts.map((a) => [a.attempt, a.idempotencyKey])).toEqual([
      [1, 'deprovision-call:event_1'],
      [2, 'deprovision-call:event_1'],
      [3, 'deprovision-call:event_1'],
    ]);
    expect(await ledger.get('deprovision-call', 'event_1')).toMatchObject({ state: 'done', attempts: 3 });
  });

  it('marks an effect failed after the retries and throws a non-retriable error for the dead-letter topic', async () => {
    const ledger = await freshLedger(db);
    const sender = createRecordingSender();
    sender.failNext(100);
    const failure = await executorFor(ledger, sender, 3)
      .run([deprovision('event_1')])
      .catch((err: unknown) => err);
    expect(isConnectorError(failure, 'HANDLER_FAILED')).toBe(true);
    expect((failure as ConnectorError).retriable).toBe(false);
    expect(sender.attempts).toHaveLength(3);
    expect(await ledger.get('deprovision-call', 'event_1')).toMatchObject({ state: 'failed', attempts: 3, lastError: expect.stringMatching(/injected/) });
    // A redelivery does not try again on its own.
    expect(await executorFor(ledger, sender).run([deprovision('event_1')])).toMatchObject([{ outcome: 'previously-failed' }]);
    expect(sender.attempts).toHaveLength(3);
  });

  it('stops at once on a non-retriable sender error', async () => {
    const ledger = await freshLedger(db);
    const sender = createRecordingSender();
    sender.failNext(1, new ConnectorError('400 from receiver', { code: 'HANDLER_FAILED', retriable: false }));
    await expect(executorFor(ledger, sender).run([deprovision('event_1')])).rejects.toMatchObject({ code: 'HANDLER_FAILED', retriable: false });
    expect(sender.attempts).toHaveLength(1);
  });

  it('releases the claim when shutdown interrupts the retries, so the redelivered record runs it', async () => {
    const ledger = await freshLedger(db);
    const sender = createRecordingSender();
    sender.failNext(1);
    const controller = new AbortController();
    const slow = createEffectExecutor({
      ledger,
      senders: { 'welcome-message': sender, 'deprovision-call': sender },
      logger,
      retry: { maxAttempts: 5, initialDelayMs: 10_000, maxDelayMs: 10_000, jitter: 0 },
    });
    setTimeout(() => controller.abort(), 50);
    await expect(slow.run([deprovision('event_1')], controller.signal)).rejects.toMatchObject({ code: 'ABORTED' });
    expect(await ledger.get('deprovision-call', 'event_1')).toBeUndefined();
    expect(await executorFor(ledger, sender).run([deprovision('event_1')])).toMatchObject([{ outcome: 'sent' }]);
    expect(sender.sent).toHaveLength(1);
  });
});

/**
 * The SQL ledger's take-over, stored requests and attention counts, on SQLite in memory (the
 * broker-backed suite runs the race on PostgreSQL too: effects-exactly-once.test.ts).
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { openDatabase } from '../../../../consumers/db/open-database.js';
import { createSqlEffectLedger, type SqlEffectLedger } from '../../../../consumers/notifier/sql-effect-ledger.js';

async function ledger(): Promise<SqlEffectLedger> {
  const created = createSqlEffectLedger(await openDatabase({ kind: 'sqlite', path: ':memory:' }));
  onTestFinished(() => created.close());
  await created.migrate();
  await created.migrate(); // idempotent, also over a ledger made by an older notifier
  return created;
}

const request = { eventType: 'dsync.user.deleted', payload: { email: 'a@example.com', nested: { n: 1 } } };

describe('SQL effect ledger', () => {
  it('takes over a started row only when asked, each version of it once, and keeps its attempts', async () => {
    const db = await ledger();
    expect(await db.claim('deprovision-call', 'e1', 'deprovision-call:e1', { request })).toEqual({ claimed: true });
    await db.recordAttempt('deprovision-call', 'e1');
    // A crash here leaves the row started.
    const plain = await db.claim('deprovision-call', 'e1', 'deprovision-call:e1');
    expect(plain).toMatchObject({ claimed: false, entry: { state: 'started', attempts: 1 } });
    const before = await db.get('deprovision-call', 'e1');
    const first = await db.claim('deprovision-call', 'e1', 'deprovision-call:e1', { takeOverInDoubt: true, request });
    expect(first).toEqual({ claimed: true, takenOver: before });
    const after = await db.get('deprovision-call', 'e1');
    expect(after).toMatchObject({ state: 'started', attempts: 1 });
    expect(after!.startedAtMs).toBeGreaterThan(before!.startedAtMs);
    // Racing take-overs (SQLite runs them one after the other): each takes over a later version.
    const claims = await Promise.all(Array.from({ length: 6 }, () => db.claim('deprovision-call', 'e1', 'deprovision-call:e1', { takeOverInDoubt: true, request })));
    const versions = claims.map((claim) => (claim.claimed ? claim.takenOver?.startedAtMs : undefined));
    expect(new Set(versions).size).toBe(versions.length);
    expect(versions.every((version) => version !== undefined && version >= after!.startedAtMs)).toBe(true);
  });

  it('never takes over a done or failed row', async () => {
    const db = await ledger();
    await db.claim('welcome-message', 'e1', 'welcome-message:e1');
    await db.markDone('welcome-message', 'e1');
    await db.claim('welcome-message', 'e2', 'welcome-message:e2');
    await db.markFailed('welcome-message', 'e2', 'HTTP 400');
    expect(await db.claim('welcome-message', 'e1', 'welcome-message:e1', { takeOverInDoubt: true })).toMatchObject({ claimed: false, entry: { state: 'done' } });
    expect(await db.claim('welcome-message', 'e2', 'welcome-message:e2', { takeOverInDoubt: true })).toMatchObject({ claimed: false, entry: { state: 'failed' } });
  });

  it('keeps the request until the effect is done or released', async () => {
    const db = await ledger();
    await db.claim('deprovision-call', 'e1', 'deprovision-call:e1', { request });
    await db.claim('deprovision-call', 'e2', 'deprovision-call:e2', { request });
    await db.claim('deprovision-call', 'e3', 'deprovision-call:e3');
    expect(await db.storedRequest('deprovision-call', 'e1')).toEqual(request);
    expect(await db.storedRequest('deprovision-call', 'e3')).toBeUndefined();
    await db.markDone('deprovision-call', 'e1');
    expect(await db.storedRequest('deprovision-call', 'e1')).toBeUndefined();
    expect(await db.release('deprovision-call', 'e2')).toBe(true);
    expect(await db.storedRequest('deprovision-call', 'e2')).toBeUndefined();
  });

  it('lets a success close a failed row, never a failure close a done one', async () => {
    const db = await ledger();
    await db.claim('deprovision-call', 'e1', 'k1');
    await db.markDone('deprovision-call', 'e1');
    await db.markFailed('deprovision-call', 'e1', 'late failure of a run that lost the row');
    expect(await db.get('deprovision-call', 'e1')).toMatchObject({ state: 'done', lastError: null });
    await db.claim('deprovision-call', 'e2', 'k2');
    await db.markFailed('deprovision-call', 'e2', 'HTTP 503');
    await db.markDone('deprovision-call', 'e2');
    expect(await db.get('deprovision-call', 'e2')).toMatchObject({ state: 'done' });
  });

  it('retakes a row for an operator only while it is as listed', async () => {
    const db = await ledger();
    await db.claim('deprovision-call', 'e1', 'k1');
    await db.markFailed('deprovision-call', 'e1', 'HTTP 400');
    const listed = (await db.get('deprovision-call', 'e1'))!;
    expect(await db.retake(listed)).toBe(true);
    expect(await db.get('deprovision-call', 'e1')).toMatchObject({ state: 'started', finishedAtMs: null });
    expect(await db.retake(listed), 'a second retake of the same listing').toBe(false);
  });

  it('counts in-doubt rows by claim age, and failed rows', async () => {
    const db = await ledger();
    await db.claim('deprovision-call', 'e1', 'k1');
    await db.claim('deprovision-call', 'e2', 'k2');
    await db.markFailed('deprovision-call', 'e2', 'x');
    await db.claim('deprovision-call', 'e3', 'k3');
    await db.markDone('deprovision-call', 'e3');
    expect(await db.attention(Date.now() + 1)).toEqual({ inDoubt: 1, failed: 1 });
    expect(await db.attention(Date.now() - 60_000), 'claimed a moment ago: in flight, not in doubt').toEqual({ inDoubt: 0, failed: 1 });
  });
});

/**
 * `workos-kafka effects` as functions: which rows it lists and selects, what release and retry
 * do (dry run unless applied), over the SQL ledger on SQLite in memory.
 */
import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { loadEffectsConfig } from '../../../../cli/effects-command.js';
import { openDatabase } from '../../../../consumers/db/open-database.js';
import type { LedgerEntry } from '../../../../consumers/notifier/effect-ledger.js';
import {
  attentionState,
  listAttention,
  releaseEntries,
  retryEntries,
  selectEntries,
  selectionProblems,
  type AttentionEntry,
} from '../../../../consumers/notifier/effects-admin.js';
import { createRecordingSender } from '../../../../consumers/notifier/senders/recording-sender.js';
import { createSqlEffectLedger, type SqlEffectLedger } from '../../../../consumers/notifier/sql-effect-ledger.js';
import { ConnectorError } from '../../../../core/errors.js';

const logger = pino({ level: 'silent' });
const none = { eventIds: [], effects: [], all: false };

function row(effect: string, eventId: string, state: LedgerEntry['state'], startedAtMs = 0): LedgerEntry {
  return { effect, eventId, idempotencyKey: `${effect}:${eventId}`, state, attempts: 1, startedAtMs, finishedAtMs: null, lastError: null };
}

function listed(entry: LedgerEntry, state: AttentionEntry['state']): AttentionEntry {
  return { entry, state, storedRequest: true };
}

/** A ledger with one in-doubt, one in-flight, one failed and one done row. */
async function seeded(): Promise<SqlEffectLedger> {
  const ledger = createSqlEffectLedger(await openDatabase({ kind: 'sqlite', path: ':memory:' }));
  onTestFinished(() => ledger.close());
  await ledger.migrate();
  const request = (id: string) => ({ request: { eventType: 'dsync.user.deleted', payload: { directoryUserId: id } } });
  // A millisecond apart, so the listing's order (oldest claim first) is fixed.
  const tick = () => new Promise((resolve) => setTimeout(resolve, 2));
  await ledger.claim('deprovision-call', 'old', 'deprovision-call:old', request('old'));
  await tick();
  await ledger.claim('welcome-message', 'failed', 'welcome-message:failed', request('failed'));
  await ledger.markFailed('welcome-message', 'failed', 'HTTP 400');
  await tick();
  await ledger.claim('deprovision-call', 'done', 'deprovision-call:done', request('done'));
  await ledger.markDone('deprovision-call', 'done');
  await tick();
  await ledger.claim('deprovision-call', 'legacy', 'deprovision-call:legacy'); // an older notifier stored no request
  return ledger;
}

describe('effects: listing and selection', () => {
  it('calls a started row in doubt once it is older than the retry budget, in flight before', () => {
    expect(attentionState(row('deprovision-call', 'e', 'started', 1_000), 500, 1_500)).toBe('in-doubt');
    expect(attentionState(row('deprovision-call', 'e', 'started', 1_000), 500, 1_499)).toBe('in-flight');
    expect(attentionState(row('deprovision-call', 'e', 'failed', 1_000), 500, 1_000)).toBe('failed');
    expect(attentionState(row('deprovision-call', 'e', 'done', 1_000), 500, 9_000)).toBeUndefined();
  });

  it('selects by event id, by effect, both, or all, and never a row in flight', () => {
    const rows = [
      listed(row('deprovision-call', 'e1', 'started'), 'in-doubt'),
      listed(row('welcome-message', 'e1', 'failed'), 'failed'),
      listed(row('welcome-message', 'e2', 'started'), 'in-doubt'),
      listed(row('deprovision-call', 'e3', 'started'), 'in-flight'),
    ];
    const keys = (selected: AttentionEntry[]) => selected.map(({ entry }) => entry.idempotencyKey);
    expect(keys(selectEntries(rows, { ...none, eventIds: ['e1'] }))).toEqual(['deprovision-call:e1', 'welcome-message:e1']);
    expect(keys(selectEntries(rows, { ...none, effects: ['welcome-message'] }))).toEqual(['welcome-message:e1', 'welcome-message:e2']);
    expect(keys(selectEntries(rows, { ...none, eventIds: ['e1'], effects: ['welcome-message'] }))).toEqual(['welcome-message:e1']);
    expect(keys(selectEntries(rows, { ...none, all: true }))).toEqual(['deprovision-call:e1', 'welcome-message:e1', 'welcome-message:e2']);
    expect(keys(selectEntries(rows, { ...none, eventIds: ['e3'] }))).toEqual([]);
  });

  it('refuses an action without a selection, --apply without an action, and unknown effects', () => {
    expect(selectionProblems('list', none, false)).toEqual([]);
    expect(selectionProblems('retry', { ...none, all: true }, true)).toEqual([]);
    expect(selectionProblems('release', none, true)).toEqual(['--release: name what to act on: --event <id…>, --effect <name…> or --all']);
    expect(selectionProblems('list', none, true)).toEqual(['--apply: needs --release or --retry (listing changes nothing)']);
    expect(selectionProblems('retry', { eventIds: ['e1'], effects: [], all: true }, false)).toEqual(['--all: give it alone, or select with --event / --effect instead']);
    expect(selectionProblems('retry', { ...none, effects: ['welcome'] }, false)).toEqual(['--effect: unknown effect "welcome" (one of welcome-message, deprovision-call)']);
  });

  it('reports option and setting problems together as CONFIG_INVALID', () => {
    const options = { release: true, retry: true, event: [], effect: [], all: false, apply: false, json: false };
    const invalid = () => loadEffectsConfig({ NOTIFIER_MAX_ATTEMPTS: '0' }, options);
    expect(invalid).toThrow(/--release, --retry: give one of them/);
    expect(invalid).toThrow(/--release: name what to act on/);
    expect(invalid).toThrow(/NOTIFIER_MAX_ATTEMPTS/);
    expect(loadEffectsConfig({}, { ...options, retry: false, event: ['e1'] })).toMatchObject({ action: 'release', selection: { eventIds: ['e1'] }, apply: false, SQLITE_PATH: 'workos-consumers.sqlite' });
  });

  it('lists in-doubt and failed rows with whether a request is stored, and not done ones', async () => {
    const ledger = await seeded();
    const rows = await listAttention(ledger, 0);
    expect(rows.map(({ entry, state, storedRequest }) => [entry.idempotencyKey, state, storedRequest])).toEqual([
      ['deprovision-call:old', 'in-doubt', true],
      ['welcome-message:failed', 'failed', true],
      ['deprovision-call:legacy', 'in-doubt', false],
    ]);
    expect((await listAttention(ledger, 60_000)).map(({ state }) => state)).toEqual(['in-flight', 'failed', 'in-flight']);
  });
});

describe('effects: release and retry', () => {
  it('release forgets the claim only with apply', async () => {
    const ledger = await seeded();
    const selected = selectEntries(await listAttention(ledger, 0), { ...none, eventIds: ['old'] });
    expect(await releaseEntries(ledger, selected, false)).toMatchObject([{ idempotencyKey: 'deprovision-call:old', result: 'would-release' }]);
    expect(await ledger.get('deprovision-call', 'old')).toBeDefined();
    expect(await releaseEntries(ledger, selected, true)).toMatchObject([{ result: 'released' }]);
    expect(await ledger.get('deprovision-call', 'old')).toBeUndefined();
    expect(await releaseEntries(ledger, selected, true), 'gone already').toMatchObject([{ result: 'changed' }]);
  });

  it('retry sends the stored request with the same key, and closes the row', async () => {
    const ledger = await seeded();
    const sender = createRecordingSender();
    const selected = selectEntries(await listAttention(ledger, 0), { ...none, all: true });
    const options = { senders: { 'welcome-message': sender, 'deprovision-call': sender }, policy: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 }, logger };
    const dry = await retryEntries(ledger, selected, { ...options, apply: false });
    expect(dry.map((report) => report.result)).toEqual(['would-retry', 'would-retry', 'no-stored-request']);
    expect(sender.attempts).toEqual([]);

    sender.failNext(1, new ConnectorError('HTTP 400', { code: 'HANDLER_FAILED', retriable: false }));
    const applied = await retryEntries(ledger, selected, { ...options, apply: true });
    expect(applied.map((report) => [report.idempotencyKey, report.result])).toEqual([
      ['deprovision-call:old', 'failed'],
      ['welcome-message:failed', 'sent'],
      ['deprovision-call:legacy', 'no-stored-request'],
    ]);
    expect(sender.sent).toMatchObject([{ idempotencyKey: 'welcome-message:failed', effect: 'welcome-message', eventType: 'dsync.user.deleted', payload: { directoryUserId: 'failed' } }]);
    expect(await ledger.get('welcome-message', 'failed')).toMatchObject({ state: 'done', attempts: 1 });
    expect(await ledger.get('deprovision-call', 'old')).toMatchObject({ state: 'failed', lastError: expect.stringMatching(/HTTP 400/) });
    // A listing that is out of date is not acted on.
    expect((await retryEntries(ledger, selected.slice(1, 2), { ...options, apply: true }))[0]?.result).toBe('changed');
  });
});

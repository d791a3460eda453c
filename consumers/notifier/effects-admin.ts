/**
 * What `workos-kafka effects` does with the ledger: list the effects that need a look (in doubt
 * or failed), and release or resend the ones an operator selects. Dry run unless `apply`.
 *
 * - Release forgets the claim: the next delivery of the event (a redelivery, a replay) may send
 *   the effect again.
 * - Retry sends it again now, with the request stored at its claim and the same idempotency key,
 *   through the sender the notifier would use, then closes the row as done or failed.
 *
 * A `started` row claimed less than `inDoubtAfterMs` ago is in flight (a notifier may be sending it
 * right now) and is listed but never acted on.
 */
import type { Logger } from 'pino';
import { isConnectorError } from '../../core/errors.js';
import type { RetryPolicy } from '../../core/retry.js';
import { deliverClaimed } from './deliver-effect.js';
import type { LedgerEntry } from './effect-ledger.js';
import { EFFECT_NAMES, type EffectName } from './effects.js';
import type { EffectSender } from './senders/effect-sender.js';
import type { SqlEffectLedger } from './sql-effect-ledger.js';

/** How a listed row stands. */
export type AttentionState = 'in-doubt' | 'in-flight' | 'failed';

/** A row that needs a look. */
export interface AttentionEntry {
  readonly entry: LedgerEntry;
  readonly state: AttentionState;
  /** Whether `--retry` has a request to send (claims made before requests were stored have none). */
  readonly storedRequest: boolean;
}

/** Which rows an action is for: every one (`all`), or those matching every filter given. */
export interface EffectSelection {
  readonly eventIds: readonly string[];
  readonly effects: readonly string[];
  readonly all: boolean;
}

/** What happened, or would happen, to one selected row. */
export type ActionResult =
  | 'would-release'
  | 'would-retry'
  | 'released'
  | 'sent'
  | 'failed'
  /** Another run changed the row between the listing and the action: left alone. */
  | 'changed'
  /** Nothing to resend (claimed before requests were stored): release it and replay instead. */
  | 'no-stored-request'
  /** Stopped by a signal between attempts; the row stays in doubt. */
  | 'interrupted';

/** One row's result. */
export interface ActionReport {
  readonly effect: string;
  readonly eventId: string;
  readonly idempotencyKey: string;
  readonly result: ActionResult;
  readonly error?: string;
}

/** The in-doubt, in-flight and failed rows, oldest claim first. */
export async function listAttention(ledger: SqlEffectLedger, inDoubtAfterMs: number, nowMs = Date.now()): Promise<AttentionEntry[]> {
  const rows = [...(await ledger.list('started')), ...(await ledger.list('failed'))].sort((a, b) => a.startedAtMs - b.startedAtMs);
  const listed: AttentionEntry[] = [];
  for (const entry of rows) {
    const state = attentionState(entry, inDoubtAfterMs, nowMs);
    if (state === undefined) continue;
    listed.push({ entry, state, storedRequest: (await ledger.storedRequest(entry.effect, entry.eventId)) !== undefined });
  }
  return listed;
}

/** `failed`; `in-doubt` for a `started` row claimed at least `inDoubtAfterMs` ago, else `in-flight`; undefined when done. */
export function attentionState(entry: LedgerEntry, inDoubtAfterMs: number, nowMs: number): AttentionState | undefined {
  if (entry.state === 'failed') return 'failed';
  if (entry.state === 'done') return undefined;
  return nowMs - entry.startedAtMs >= inDoubtAfterMs ? 'in-doubt' : 'in-flight';
}

/** The listed rows an action applies to: selected, and not in flight. */
export function selectEntries(listed: readonly AttentionEntry[], selection: EffectSelection): AttentionEntry[] {
  return listed.filter(
    ({ entry, state }) =>
      state !== 'in-flight' &&
      (selection.all ||
        ((selection.eventIds.length === 0 || selection.eventIds.includes(entry.eventId)) && (selection.effects.length === 0 || selection.effects.includes(entry.effect)))),
  );
}

/** Problems with an action and its selection, as the CLI reports them (empty when fine). */
export function selectionProblems(action: 'list' | 'release' | 'retry', selection: EffectSelection, apply: boolean): string[] {
  const problems: string[] = [];
  const filtered = selection.eventIds.length > 0 || selection.effects.length > 0;
  if (action === 'list' && apply) problems.push('--apply: needs --release or --retry (listing changes nothing)');
  if (action !== 'list' && !selection.all && !filtered) problems.push(`--${action}: name what to act on: --event <id…>, --effect <name…> or --all`);
  if (selection.all && filtered) problems.push('--all: give it alone, or select with --event / --effect instead');
  for (const effect of selection.effects) {
    if (!(EFFECT_NAMES as readonly string[]).includes(effect)) problems.push(`--effect: unknown effect "${effect}" (one of ${EFFECT_NAMES.join(', ')})`);
  }
  return problems;
}

/** Releases each selected row (with `apply`), or says it would. */
export async function releaseEntries(ledger: SqlEffectLedger, selected: readonly AttentionEntry[], apply: boolean): Promise<ActionReport[]> {
  const reports: ActionReport[] = [];
  for (const { entry } of selected) {
    const result: ActionResult = !apply ? 'would-release' : (await ledger.release(entry.effect, entry.eventId)) ? 'released' : 'changed';
    reports.push(reportOf(entry, result));
  }
  return reports;
}

/** What {@link retryEntries} sends with. */
export interface RetryOptions {
  readonly senders: Readonly<Record<EffectName, EffectSender>>;
  readonly policy: Partial<RetryPolicy>;
  readonly logger: Logger;
  readonly apply: boolean;
  readonly signal?: AbortSignal;
}

/**
 * Sends each selected row again (with `apply`): takes it back as `started` if it is still as
 * listed, sends its stored request with its own idempotency key, and marks it done or failed.
 */
export async function retryEntries(ledger: SqlEffectLedger, selected: readonly AttentionEntry[], options: RetryOptions): Promise<ActionReport[]> {
  const reports: ActionReport[] = [];
  for (const { entry } of selected) {
    const current = await ledger.get(entry.effect, entry.eventId);
    if (current?.state !== entry.state || current.startedAtMs !== entry.startedAtMs) {
      reports.push(reportOf(entry, 'changed'));
      continue;
    }
    const request = await ledger.storedRequest(entry.effect, entry.eventId);
    const name = EFFECT_NAMES.find((known) => known === entry.effect);
    if (request === undefined || name === undefined) {
      reports.push(reportOf(entry, 'no-stored-request'));
      continue;
    }
    if (!options.apply) {
      reports.push(reportOf(entry, 'would-retry'));
      continue;
    }
    // The compare-and-set: a run that changed the row since the read above wins.
    if (!(await ledger.retake(entry))) {
      reports.push(reportOf(entry, 'changed'));
      continue;
    }
    const effect = { name, eventId: entry.eventId, eventType: request.eventType, idempotencyKey: entry.idempotencyKey, payload: request.payload };
    try {
      await deliverClaimed(effect, { ledger, sender: options.senders[name], policy: options.policy, logger: options.logger, signal: options.signal });
      reports.push(reportOf(entry, 'sent'));
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      reports.push(reportOf(entry, isConnectorError(err, 'ABORTED') ? 'interrupted' : 'failed', message));
      if (isConnectorError(err, 'ABORTED')) break;
    }
  }
  return reports;
}

function reportOf(entry: LedgerEntry, result: ActionResult, error?: string): ActionReport {
  return { effect: entry.effect, eventId: entry.eventId, idempotencyKey: entry.idempotencyKey, result, ...(error === undefined ? {} : { error }) };
}

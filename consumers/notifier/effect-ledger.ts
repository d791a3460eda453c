/**
 * The effect ledger: one row per (effect, event id), in the same database as the mirror. It is
 * what keeps each effect from running twice across crashes, rebalances and replays.
 *
 * Lifecycle: `claim` inserts the row as `started` in its own committed transaction BEFORE the
 * sender is called; `markDone` / `markFailed` close it. A row left `started` by a crash is
 * **in doubt**: the effect may or may not have happened. What happens to it next depends on the
 * receiver (see {@link decideClaim}):
 * - a receiver that dedupes by idempotency key gets it again: the next claim takes the row over
 *   and the effect is sent again with the same key. Nothing is lost, and the receiver keeps it to
 *   one (exactly once at the receiver, as with Stripe's idempotency keys or an inbox table);
 * - any other receiver does not: the row is skipped and reported (at most once), because a
 *   second deprovisioning call or welcome mail there would be a second effect. An operator checks
 *   the receiver by idempotency key and runs `workos-kafka effects --release` or `--retry`.
 */

/** Where an effect's row stands. */
export type LedgerState = 'started' | 'done' | 'failed';

/** A ledger row. */
export interface LedgerEntry {
  readonly effect: string;
  readonly eventId: string;
  readonly idempotencyKey: string;
  readonly state: LedgerState;
  /** Sender attempts made so far. */
  readonly attempts: number;
  /** When the claim was taken (or last taken over), epoch ms. */
  readonly startedAtMs: number;
  /** When it became `done` or `failed`, epoch ms. */
  readonly finishedAtMs: number | null;
  /** Message of the last failure, if any. */
  readonly lastError: string | null;
}

/**
 * The outcome of a claim: the caller may send (a fresh row, or an in-doubt row it took over, given
 * as `takenOver`), or not (the existing row says why).
 */
export type ClaimResult = { readonly claimed: true; readonly takenOver?: LedgerEntry } | { readonly claimed: false; readonly entry: LedgerEntry };

/** What an effect is sent with, kept with its claim so `workos-kafka effects --retry` can send it again. */
export interface StoredRequest {
  readonly eventType: string;
  readonly payload: Readonly<Record<string, unknown>>;
}

/** Options of {@link EffectLedger.claim}. */
export interface ClaimOptions {
  /** Take over a row left `started` (in doubt): true only for a receiver that dedupes by key. */
  readonly takeOverInDoubt?: boolean;
  /** Stored with the claim, for a later `effects --retry`. */
  readonly request?: StoredRequest;
}

/** What a claim does with the row it finds (none, or the existing one). */
export type ClaimDecision = 'insert' | 'take-over' | 'skip';

/**
 * The claim rule, pure: no row → insert it; a `done` or `failed` row → skip (done is done; a
 * failure was dead-lettered and waits for an operator); a `started` row → in doubt: taken over
 * when the receiver dedupes by key, skipped otherwise.
 */
export function decideClaim(existing: LedgerEntry | undefined, takeOverInDoubt: boolean): ClaimDecision {
  if (existing === undefined) return 'insert';
  return existing.state === 'started' && takeOverInDoubt ? 'take-over' : 'skip';
}

/**
 * The `started_at_ms` a take-over writes: strictly later than the one it read, so two take-overs
 * of one row cannot both match it (the compare-and-set that lets exactly one of them win).
 */
export function takeOverStartMs(entry: LedgerEntry, nowMs: number): number {
  return Math.max(nowMs, entry.startedAtMs + 1);
}

/** The ledger's operations. */
export interface EffectLedger {
  /** Creates the table if missing (idempotent). */
  migrate(): Promise<void>;
  /**
   * Takes the row for (effect, eventId) as `started`, or, with `takeOverInDoubt`, takes over a
   * row left `started` (of the take-overs that read the same claim, exactly one wins);
   * `claimed: false` with the existing row otherwise (see {@link decideClaim}).
   */
  claim(effect: string, eventId: string, idempotencyKey: string, options?: ClaimOptions): Promise<ClaimResult>;
  /** Counts one more sender attempt (before the attempt is made). */
  recordAttempt(effect: string, eventId: string): Promise<void>;
  /** Closes a `started` or `failed` row as done (a send that succeeded is the truth, whoever failed). */
  markDone(effect: string, eventId: string): Promise<void>;
  /** Closes a `started` row as failed; a row another run already closed keeps its state. */
  markFailed(effect: string, eventId: string, error: string): Promise<void>;
  /**
   * Deletes a `started` or `failed` row so the next delivery of the event runs the effect again.
   * Used by the executor when shutdown interrupts retries after a failed attempt, and by operators
   * (`workos-kafka effects --release`). Never deletes a `done` row. Returns whether a row went.
   */
  release(effect: string, eventId: string): Promise<boolean>;
  get(effect: string, eventId: string): Promise<LedgerEntry | undefined>;
  /** Rows, optionally in one state, ordered by start time. */
  list(state?: LedgerState): Promise<LedgerEntry[]>;
  /** Rows per state. */
  counts(): Promise<Record<LedgerState, number>>;
  close(): Promise<void>;
}

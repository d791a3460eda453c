/**
 * The effect ledger: one row per (effect, event id), in the same database as the mirror. It is
 * what makes each effect run at most once across crashes, rebalances and replays.
 *
 * Lifecycle: `claim` inserts the row as `started` in its own committed transaction BEFORE the
 * sender is called; `markDone` / `markFailed` close it. A row left `started` by a crash is
 * **in doubt** (the effect may or may not have happened): it is never re-sent automatically, only
 * reported; an operator can check the receiver (by idempotency key) and `release` it to allow one
 * more run. We chose at-most-once because a duplicate welcome mail or a second deprovisioning call
 * is worse than one that needs a human look, and the idempotency key makes a manual resend safe.
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
  /** When the claim was taken, epoch ms. */
  readonly startedAtMs: number;
  /** When it became `done` or `failed`, epoch ms. */
  readonly finishedAtMs: number | null;
  /** Message of the last failure, if any. */
  readonly lastError: string | null;
}

/** The outcome of a claim. */
export type ClaimResult = { readonly claimed: true } | { readonly claimed: false; readonly entry: LedgerEntry };

/** The ledger's operations. */
export interface EffectLedger {
  /** Creates the table if missing (idempotent). */
  migrate(): Promise<void>;
  /** Takes the row for (effect, eventId) as `started`; `claimed: false` with the existing row if it exists. */
  claim(effect: string, eventId: string, idempotencyKey: string): Promise<ClaimResult>;
  /** Counts one more sender attempt (before the attempt is made). */
  recordAttempt(effect: string, eventId: string): Promise<void>;
  markDone(effect: string, eventId: string): Promise<void>;
  markFailed(effect: string, eventId: string, error: string): Promise<void>;
  /**
   * Deletes a `started` or `failed` row so the next delivery of the event runs the effect again.
   * Used by the executor when shutdown interrupts retries after a failed attempt, and by operators
   * after checking an in-doubt effect. Never deletes a `done` row. Returns whether a row went.
   */
  release(effect: string, eventId: string): Promise<boolean>;
  get(effect: string, eventId: string): Promise<LedgerEntry | undefined>;
  /** Rows, optionally in one state, ordered by start time. */
  list(state?: LedgerState): Promise<LedgerEntry[]>;
  /** Rows per state. */
  counts(): Promise<Record<LedgerState, number>>;
  close(): Promise<void>;
}

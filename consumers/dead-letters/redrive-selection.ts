/**
 * Which dead letters a listing shows and a redrive sends (pure). Filters: event ids, and a reason
 * (an error code, or words of the error text). A dead letter redriven before is left out unless
 * asked for again: redriving it twice is harmless (the guard, the ledger) but never what an
 * operator who fixed one cause and redrives "everything" means. A redrive that failed again is
 * always left out: the newer dead letter it produced stands for it.
 */
import type { DeadLetterStatus } from './dead-letter-view.js';

/** What to show or redrive; empty fields match everything. */
export interface DeadLetterFilter {
  /** Only these event ids. */
  readonly eventIds: readonly string[];
  /** Only this error code (exact, any case) or error text containing it (any case). */
  readonly reason?: string | undefined;
}

/** Why a matching dead letter is not redriven. */
export type SkipReason = 'already-redriven' | 'failed-again';

/** The outcome of a selection. */
export interface RedriveSelection {
  /** In dead-letter-topic order (partition, then offset): one key's dead letters stay in order. */
  readonly selected: readonly DeadLetterStatus[];
  readonly skipped: ReadonlyArray<{ readonly letter: DeadLetterStatus; readonly reason: SkipReason }>;
  /** Requested event ids no dead letter has. */
  readonly unmatchedEventIds: readonly string[];
}

/** Whether `letter` passes `filter`. */
export function matchesFilter(letter: DeadLetterStatus, filter: DeadLetterFilter): boolean {
  if (filter.eventIds.length > 0 && (letter.eventId === null || !filter.eventIds.includes(letter.eventId))) return false;
  if (filter.reason === undefined) return true;
  const reason = filter.reason.toLowerCase();
  return letter.errorCode.toLowerCase() === reason || letter.error.toLowerCase().includes(reason);
}

/** The dead letters to redrive; `again` also takes those redriven before (not those that failed again). */
export function selectForRedrive(letters: readonly DeadLetterStatus[], filter: DeadLetterFilter, again: boolean): RedriveSelection {
  const matching = letters.filter((letter) => matchesFilter(letter, filter));
  const selected: DeadLetterStatus[] = [];
  const skipped: Array<{ letter: DeadLetterStatus; reason: SkipReason }> = [];
  for (const letter of matching) {
    if (letter.state.kind === 'failed-again') skipped.push({ letter, reason: 'failed-again' });
    else if (letter.state.kind !== 'not-redriven' && !again) skipped.push({ letter, reason: 'already-redriven' });
    else selected.push(letter);
  }
  selected.sort((a, b) => a.partition - b.partition || compareOffsets(a.offset, b.offset));
  const found = new Set(letters.map((letter) => letter.eventId));
  return { selected, skipped, unmatchedEventIds: filter.eventIds.filter((id) => !found.has(id)) };
}

function compareOffsets(a: string, b: string): number {
  const diff = BigInt(a) - BigInt(b);
  return diff < 0n ? -1 : diff > 0n ? 1 : 0;
}

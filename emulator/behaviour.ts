import { KNOWN_EVENT_NAMES } from './event-names.js';

const DAY_MS = 86_400_000;

/**
 * How the emulated `GET /events` behaves where the real API is undocumented or the docs disagree.
 * The emulator exposes a live mutable instance, so tests can flip a switch between requests.
 */
export interface EmulatorBehaviour {
  /** Events older than this (relative to the emulator clock) are not served. Default 30 days. */
  retentionMs: number;
  /** Widest allowed `range_start`…`range_end` window. Default 30 days. */
  maxRangeMs: number;
  /**
   * An open-ended `range_start` (no `range_end`) further back than `maxRangeMs`: `'allow'` serves
   * from the retention horizon (default); `'reject'` answers 422 like an explicit wide window.
   */
  openEndedRange: 'allow' | 'reject';
  /** `after` together with `range_start`: `'reject'` → 422 (default), or ignore `range_start`. */
  afterWithRangeStart: 'reject' | 'ignore-range-start';
  /**
   * `after` together with `range_end` (undocumented): `'allow'` serves events after the cursor up
   * to `range_end` (default); `'reject'` answers 422 like the documented mutually exclusive pair.
   */
  afterWithRangeEnd: 'allow' | 'reject';
  /**
   * `after` naming an unknown or expired event: `'error'` → 400 `invalid_after_cursor` (default);
   * `'empty'` → an empty page; `'by-id'` → continue with the first retained event whose id sorts
   * after it. Never restarts from the beginning (which is what `workos/emulate` does).
   */
  unknownAfter: 'error' | 'empty' | 'by-id';
  /** Put the last id in `list_metadata.after` even on the final page. Default false (null). */
  alwaysReturnLastId: boolean;
  /** Reject requests without a non-empty `events` filter (400). Default false: the docs say optional. */
  requireEvents: boolean;
  /** Hide events whose `created_at` is after the emulator clock's now. Default true. */
  hideFutureEvents: boolean;
  /** Names accepted in `events`; anything else is 400 `invalid_events_request`. */
  knownEventNames: ReadonlySet<string>;
}

/** Options accepted where a behaviour is configured: every field optional, plus extra names. */
export type EmulatorBehaviourOptions = Partial<Omit<EmulatorBehaviour, 'knownEventNames'>> & {
  /** Names accepted in addition to {@link KNOWN_EVENT_NAMES}, e.g. a type newer than the SDK. */
  readonly extraEventNames?: readonly string[];
};

/** The defaults described on {@link EmulatorBehaviour}. */
export const DEFAULT_BEHAVIOUR: Readonly<EmulatorBehaviour> = Object.freeze({
  retentionMs: 30 * DAY_MS,
  maxRangeMs: 30 * DAY_MS,
  openEndedRange: 'allow',
  afterWithRangeStart: 'reject',
  afterWithRangeEnd: 'allow',
  unknownAfter: 'error',
  alwaysReturnLastId: false,
  requireEvents: false,
  hideFutureEvents: true,
  knownEventNames: KNOWN_EVENT_NAMES,
});

/** Merges options over {@link DEFAULT_BEHAVIOUR} into a fresh mutable object. */
export function resolveBehaviour(options: EmulatorBehaviourOptions = {}): EmulatorBehaviour {
  const { extraEventNames, ...rest } = options;
  const defined = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined));
  const knownEventNames = new Set<string>([...KNOWN_EVENT_NAMES, ...(extraEventNames ?? [])]);
  return { ...DEFAULT_BEHAVIOUR, ...defined, knownEventNames };
}

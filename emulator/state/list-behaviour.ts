/**
 * How the emulated state list endpoints behave where WorkOS leaves it undocumented (the
 * reference marks these *verify*). Live and mutable, like the `/events` behaviour.
 */
export interface ListBehaviour {
  /** `after` and `before` together: `'reject'` → 422 `mutually_exclusive` (default), or `'prefer-after'`. */
  afterWithBefore: 'reject' | 'prefer-after';
  /**
   * A cursor id that never named an object of that list: `'error'` → 400 `invalid_cursor`
   * (default); `'restart'` serves the first page, as `workos/emulate` does; `'empty'` an empty page.
   * A cursor naming a deleted object is not unknown: paging continues from where it sorted.
   */
  unknownCursor: 'error' | 'restart' | 'empty';
  /**
   * Membership statuses listed when `statuses` is absent. WorkOS lists only `active` ones then, for
   * backwards compatibility (workos-node#1221); `null` lists every status.
   */
  membershipDefaultStatuses: readonly string[] | null;
  /**
   * The deprecated `groups` of `/directory_users` items: `'memberships'` (default, teams created
   * before 2026-05-01) or `'empty'` (`[]`, teams created since). The per-directory form never has it.
   */
  legacyUserGroups: 'memberships' | 'empty';
  /**
   * Per-directory limit on directory-user listing, in requests per second (about 4 in WorkOS,
   * unverified); over it, 429 with `Retry-After`. `null` (default) turns it off.
   */
  directoryUserRequestsPerSecond: number | null;
}

/** Options where a list behaviour is configured: every field optional. */
export type ListBehaviourOptions = Partial<ListBehaviour>;

/** The defaults described on {@link ListBehaviour}. */
export const DEFAULT_LIST_BEHAVIOUR: Readonly<ListBehaviour> = Object.freeze({
  afterWithBefore: 'reject',
  unknownCursor: 'error',
  membershipDefaultStatuses: ['active'],
  legacyUserGroups: 'memberships',
  directoryUserRequestsPerSecond: null,
});

/** Merges options over {@link DEFAULT_LIST_BEHAVIOUR} into a fresh mutable object. */
export function resolveListBehaviour(options: ListBehaviourOptions = {}): ListBehaviour {
  const defined = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined));
  return { ...DEFAULT_LIST_BEHAVIOUR, ...defined };
}

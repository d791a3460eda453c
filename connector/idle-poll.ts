/**
 * How long the connector waits after an empty page once caught up. Polling at a fixed interval
 * makes every event wait up to that interval; polling fast all the time spends requests on an
 * idle stream. So the wait starts short right after events were seen (new ones are likely to
 * follow), stays there for the first few empty pages in a row, and only then doubles with each
 * one, up to the configured interval.
 *
 * Why it holds before doubling: a live stream has short lulls (a busy source, a garbage
 * collection, a slow network hop). Doubling from the first empty page made the wait that a lull
 * ends in grow with the lull (at 250 ms: 250, 500, 1,000, 2,000), so the events that ended it
 * waited up to about the lull's length more. Holding the first {@link EMPTY_POLLS_AT_MINIMUM}
 * waits at the minimum bounds that wait by the minimum for any lull up to 4 × the minimum; longer
 * ones ramp as before. Going idle costs three more requests.
 */

/** Empty pages in a row whose wait stays at the minimum before the doubling starts. */
export const EMPTY_POLLS_AT_MINIMUM = 4;

/** The wait after the `emptyPolls`-th empty page in a row (1-based), ms. */
export function idlePollDelayMs(emptyPolls: number, minMs: number, maxMs: number): number {
  const floor = Math.min(minMs, maxMs);
  const doublings = Math.max(0, Math.min(emptyPolls - EMPTY_POLLS_AT_MINIMUM, 30));
  return Math.min(maxMs, floor * 2 ** doublings);
}

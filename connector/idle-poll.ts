/**
 * How long the connector waits after an empty page once caught up. Polling at a fixed interval
 * makes every event wait up to that interval; polling fast all the time spends requests on an
 * idle stream. So the wait starts short right after events were seen (new ones are likely to
 * follow) and doubles with each empty page in a row, up to the configured interval.
 */

/** The wait after the `emptyPolls`-th empty page in a row (1-based), ms. */
export function idlePollDelayMs(emptyPolls: number, minMs: number, maxMs: number): number {
  const floor = Math.min(minMs, maxMs);
  const doublings = Math.max(0, Math.min(emptyPolls - 1, 30));
  return Math.min(maxMs, floor * 2 ** doublings);
}

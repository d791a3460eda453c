/**
 * The arithmetic of the report: medians of repetitions, side-by-side ratios, and percentiles of
 * per-event latencies. On a shared, noisy 2-core machine a mean is dragged by one bad repetition;
 * the median is not.
 */

/** Median of `values` (mean of the middle two for an even count); NaN when empty. */
export function median(values: readonly number[]): number {
  return percentile(values, 50);
}

/**
 * The `p`-th percentile (0–100) of `values`, interpolated linearly between the two nearest ranks
 * (p50 of an even count is the mean of the middle two, like `median`); NaN when empty.
 */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0 || !(p >= 0 && p <= 100)) return Number.NaN;
  const sorted = Float64Array.from(values).sort();
  const rank = (p / 100) * (sorted.length - 1);
  const below = Math.floor(rank);
  const above = Math.min(below + 1, sorted.length - 1);
  return (sorted[below] as number) + ((sorted[above] as number) - (sorted[below] as number)) * (rank - below);
}

/** Events per second for `events` in `ms` milliseconds. */
export function perSecond(events: number, ms: number): number {
  return ms > 0 ? (events * 1000) / ms : Number.NaN;
}

/**
 * Ratio of a subject to its baseline, each side a list of repetitions measured in pairs.
 * `paired` is the median of the per-pair ratios (robust to drift across the run);
 * `ofMedians` is median(subject) / median(baseline).
 */
export function ratios(subject: readonly number[], baseline: readonly number[]): { paired: number; ofMedians: number } {
  const pairs = subject.slice(0, baseline.length).map((value, i) => value / (baseline[i] as number));
  return { paired: median(pairs), ofMedians: median(subject) / median(baseline) };
}

/** Milliseconds since an arbitrary origin, sub-millisecond resolution. */
export const nowMs = (): number => performance.now();

/** Rounds for display and JSON: 3 significant decimals below 10, 1 decimal below 1000, else integer. */
export function round(value: number): number {
  if (!Number.isFinite(value)) return value;
  const abs = Math.abs(value);
  if (abs < 10) return Math.round(value * 1000) / 1000;
  if (abs < 1000) return Math.round(value * 10) / 10;
  return Math.round(value);
}

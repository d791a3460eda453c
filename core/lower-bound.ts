/** Binary search over any sorted sequence, given only a monotone predicate on its indexes. */

/** Smallest index in [0, length) for which `isBefore` is false (`length` when none), assuming it is monotone. */
export function lowerBound(length: number, isBefore: (index: number) => boolean): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (isBefore(mid)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

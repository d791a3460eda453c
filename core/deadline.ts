/**
 * Racing work against a timer, the one way: the timer is always cleared, and what happens at the
 * deadline (a fallback value, or an error thrown) is the caller's choice.
 */

/**
 * `work`'s outcome if it settles within `ms`; otherwise `onDeadline()`'s value, or its error when
 * it throws. `work` itself is not cancelled.
 */
export function withDeadline<T, F = T>(work: Promise<T>, ms: number, onDeadline: () => F): Promise<T | F> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<F>((resolve, reject) => {
    timer = setTimeout(() => {
      try {
        resolve(onDeadline());
      } catch (err) {
        reject(err);
      }
    }, ms);
  });
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}

/**
 * A token bucket that spaces WorkOS requests, so a backfill cannot spend the API key's shared
 * limit (6,000 requests a minute per IP) that the customer's own application also needs.
 */
export class RequestBudget {
  private nextFreeAt = 0;
  private readonly intervalMs: number;

  /** @param requestsPerSecond sustained rate; a burst of one request is allowed. */
  constructor(requestsPerSecond: number, private readonly now: () => number = Date.now) {
    this.intervalMs = 1000 / requestsPerSecond;
  }

  /** Resolves when the next request may be sent; reserves that slot. */
  async take(signal?: AbortSignal): Promise<void> {
    const now = this.now();
    const at = Math.max(now, this.nextFreeAt);
    this.nextFreeAt = at + this.intervalMs;
    const waitMs = at - now;
    if (waitMs <= 0) return;
    await new Promise<void>((resolve) => {
      const onAbort = (): void => {
        clearTimeout(timer);
        resolve();
      };
      const timer = setTimeout(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      }, waitMs);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}

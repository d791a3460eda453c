/**
 * The webhook doorbell: a WorkOS webhook says "something happened", and the connector polls the
 * Events API at once instead of at the end of its long idle interval. The webhook's payload is
 * never used (the Events API stays the one source, so the cursor stays exact); a lost webhook
 * only costs latency, up to that interval.
 */

/** Options of {@link Doorbell}. */
export interface DoorbellOptions {
  /**
   * Shortest time from the start of one poll to a poll a ring triggers: many webhooks a second
   * must not mean many requests a second (POLL_MIN_INTERVAL_WITH_DOORBELL_MS). Under a steady
   * stream every poll is rung, so this is the poll period: the longest an event waits for its
   * poll, and 1000/this requests a second.
   */
  readonly minIntervalMs: number;
  readonly now?: () => number;
}

/** How a {@link Doorbell.wait} ended. */
export type WakeReason = 'rang' | 'timeout' | 'aborted';

/**
 * Rings are remembered until a poll starts: a ring that arrives while the connector publishes (or
 * before anyone waits) resolves the next wait at once, and a poll that starts after a ring
 * answers it, so that ring triggers no further poll.
 */
export class Doorbell {
  private pending = false;
  private lastPollAt = Number.NEGATIVE_INFINITY;
  private wake: (() => void) | null = null;
  private readonly now: () => number;
  /** Rings so far (webhooks that passed verification). */
  rings = 0;

  constructor(private readonly options: DoorbellOptions) {
    this.now = options.now ?? Date.now;
  }

  /** A verified webhook arrived. */
  ring(): void {
    this.rings += 1;
    this.pending = true;
    this.wake?.();
  }

  /** A poll is starting: every ring so far is answered by it. */
  polled(): void {
    this.pending = false;
    this.lastPollAt = this.now();
  }

  /** Whether a ring waits for a poll. */
  get ringing(): boolean {
    return this.pending;
  }

  /**
   * Resolves after `ms`, or on a ring (at once for a ring already pending), but never sooner than
   * `minIntervalMs` after the last poll started; resolves (never rejects) when `signal` aborts.
   */
  async wait(ms: number, signal: AbortSignal): Promise<WakeReason> {
    const deadline = this.now() + ms;
    for (;;) {
      if (signal.aborted) return 'aborted';
      const now = this.now();
      if (this.pending && now >= this.lastPollAt + this.options.minIntervalMs) return 'rang';
      if (now >= deadline) return 'timeout';
      // A pending ring is held back until the minimum interval is over; otherwise any ring wakes.
      const until = this.pending ? Math.min(deadline, this.lastPollAt + this.options.minIntervalMs) : deadline;
      await this.sleep(until - now, signal, !this.pending);
    }
  }

  private sleep(ms: number, signal: AbortSignal, wakeOnRing: boolean): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        if (this.wake === done) this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, Math.max(0, ms));
      signal.addEventListener('abort', done, { once: true });
      if (wakeOnRing) this.wake = done;
    });
  }
}

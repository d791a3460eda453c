/**
 * A sliding one-second window per key (e.g. per directory), on the wall clock: rate limits are
 * about real request pace, not the emulator clock, which a test may have frozen.
 */
export class PerKeyRateLimit {
  private readonly recent = new Map<string, number[]>();

  /** @param nowMs the time source in ms; monotonic by default. */
  constructor(private readonly nowMs: () => number = () => performance.now()) {}

  /**
   * Counts one request for `key` unless that would exceed `perSecond` within the last second.
   * @returns `null` when admitted, else the whole seconds to wait (for `Retry-After`, at least 1).
   */
  take(key: string, perSecond: number): number | null {
    const now = this.nowMs();
    const times = (this.recent.get(key) ?? []).filter((t) => now - t < 1000);
    if (times.length >= perSecond) {
      this.recent.set(key, times);
      return Math.max(1, Math.ceil((1000 - (now - (times[0] as number))) / 1000));
    }
    times.push(now);
    this.recent.set(key, times);
    return null;
  }
}

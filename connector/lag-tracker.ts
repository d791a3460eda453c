import type { Logger } from 'pino';
import { parseWorkosTimestamp } from './time-windows.js';

/** What the connector knows about its progress, for logs, status and metrics. */
export interface ConnectorProgress {
  eventsPublished: number;
  pagesPublished: number;
  /** `created_at` of the last published event, epoch ms; null before the first. */
  lastEventCreatedAtMs: number | null;
  lastEventId: string | null;
}

/**
 * Tracks seconds behind (now minus `created_at` of the last published event) and warns as the
 * cursor ages toward WorkOS's retention, when a restart would no longer find the next event.
 */
export class LagTracker {
  readonly progress: ConnectorProgress = { eventsPublished: 0, pagesPublished: 0, lastEventCreatedAtMs: null, lastEventId: null };
  private lastWarnedAtMs = 0;
  private lastReportedAtMs = 0;

  constructor(
    private readonly logger: Logger,
    private readonly retentionDays: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds between now and the last published event; null before the first. */
  secondsBehind(): number | null {
    const at = this.progress.lastEventCreatedAtMs;
    return at === null ? null : Math.max(0, (this.now() - at) / 1000);
  }

  /** Records a committed page. */
  onPagePublished(events: ReadonlyArray<{ id: string; created_at: string }>, pages = 1): void {
    const last = events.at(-1);
    this.progress.pagesPublished += pages;
    this.progress.eventsPublished += events.length;
    if (last) {
      this.progress.lastEventId = last.id;
      this.progress.lastEventCreatedAtMs = parseWorkosTimestamp(last.created_at) ?? this.progress.lastEventCreatedAtMs;
    }
  }

  /** Logs progress and seconds behind at most every `everyMs` (default 30 s). */
  report(everyMs = 30_000): void {
    if (this.now() - this.lastReportedAtMs < everyMs) return;
    this.lastReportedAtMs = this.now();
    const behind = this.secondsBehind();
    this.logger.info(
      { ...this.progress, secondsBehind: behind === null ? null : Number(behind.toFixed(1)) },
      'connector progress',
    );
  }

  /**
   * Called after each page: while the connector is behind, the last published event ageing toward
   * WorkOS's retention means the events after it are about to expire unread.
   */
  checkRetention(cursorCreatedAt: string | null): void {
    const at = cursorCreatedAt === null ? null : parseWorkosTimestamp(cursorCreatedAt);
    if (at === null || at === undefined) return;
    const ageDays = (this.now() - at) / 86_400_000;
    const warnFromDays = this.retentionDays * 0.8;
    if (ageDays < warnFromDays || this.now() - this.lastWarnedAtMs < 3_600_000) return;
    this.lastWarnedAtMs = this.now();
    this.logger.warn(
      { cursorAgeDays: Number(ageDays.toFixed(1)), retentionDays: this.retentionDays },
      'the cursor is nearing WorkOS event retention; if it passes it, events are lost (see README "Lost cursor and retention")',
    );
  }
}

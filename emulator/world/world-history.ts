import { toEpochMs } from '../clock.js';
import type { TimeInput } from '../clock.js';
import type { EventInput } from '../event-types.js';
import type { SettlableWorldGenerator } from './world-generator.js';

const DAY_MS = 86_400_000;

/** Options of {@link generateHistory}. */
export interface WorldHistoryOptions {
  /** Events to spread over the history (a few more follow when the world is settled). */
  readonly events: number;
  /**
   * How many days of history end at `end`. Longer than the Events API retention (30 days by
   * default), e.g. 180, and the oldest events are no longer served: entities created then and
   * not touched since exist only in the state lists.
   */
  readonly historyDays: number;
  /** When the history ends (exclusive), usually the emulator clock's now. */
  readonly end: TimeInput;
}

/**
 * A world's history of `historyDays` days before `end`, settled: the follow-ups still queued at
 * the end (the events of a user deletion, say) are emitted too, stamped with the last event's
 * time, so the generator's state is exactly the fold of the returned events.
 */
export function generateHistory(generator: SettlableWorldGenerator, options: WorldHistoryOptions): EventInput[] {
  if (!(options.historyDays > 0)) throw new RangeError('historyDays must be greater than 0');
  const endMs = toEpochMs(options.end);
  const events = generator.generate(options.events, endMs - Math.round(options.historyDays * DAY_MS), endMs);
  const last = events[events.length - 1]?.createdAt;
  const settleAt = typeof last === 'number' ? last : endMs - 1;
  // Each call emits at least one queued follow-up; the bound only guards against a broken action.
  for (let i = 0; generator.pendingFollowUps > 0 && i < 10_000; i += 1) events.push(generator.next(settleAt));
  return events;
}

/**
 * Synthetic event streams of any length for the mirror and replay benchmarks. One world generator
 * slows down as its simulated population grows (200,000 events take ~12 s, 50,000 ~1.4 s), so a
 * long stream is the concatenation of independent seeded worlds of `worldSize` events each, one
 * after another in time: the event mix stays the world's, generation stays linear.
 */
import { isoString } from '../emulator/clock.js';
import type { WorkosEvent } from '../emulator/event-types.js';
import { createRng } from '../emulator/prng.js';
import { createMonotonicUlid } from '../emulator/ulid.js';
import { createWorldGenerator } from '../emulator/world/world-generator.js';

/** Options of {@link worldEvents}. */
export interface WorldStreamOptions {
  /** Events in the whole stream. */
  readonly count: number;
  /** Seed of the first world; world k uses `seed + k`. Default 1. */
  readonly seed?: number;
  /** `created_at` of the first event, epoch ms. Default 20 days ago. */
  readonly startMs?: number;
  /** Time the stream spans, ms. Default 19 days (inside WorkOS's 30-day retention). */
  readonly spanMs?: number;
  /** Events per independent world. Default 50,000. */
  readonly worldSize?: number;
  /** Organizations each world keeps alive. Default 50. */
  readonly organizations?: number;
}

const DAY_MS = 86_400_000;

/** Yields `count` events oldest first, shaped exactly as the emulator serves them. */
export function* worldEvents(options: WorldStreamOptions): Generator<WorkosEvent> {
  const seed = options.seed ?? 1;
  const startMs = options.startMs ?? Date.now() - 20 * DAY_MS;
  const spanMs = options.spanMs ?? 19 * DAY_MS;
  const worldSize = options.worldSize ?? 50_000;
  // Event ids as the emulator's store makes them: monotonic ULIDs whose time part is created_at.
  const nextUlid = createMonotonicUlid(createRng(seed).next);
  let world = createWorldGenerator({ seed, organizations: options.organizations ?? 50 });
  for (let i = 0; i < options.count; i += 1) {
    if (i > 0 && i % worldSize === 0) world = createWorldGenerator({ seed: seed + i / worldSize, organizations: options.organizations ?? 50 });
    const ms = startMs + Math.floor((i * spanMs) / options.count);
    const input = world.next(ms);
    yield {
      object: 'event',
      id: `event_${nextUlid(ms)}`,
      event: input.event,
      data: input.data,
      created_at: isoString(ms),
      ...(input.context === undefined ? {} : { context: input.context }),
    };
  }
}

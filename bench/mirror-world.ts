/**
 * The seeded WorkOS world, keeping only events the directory mirror stores rows for (directory
 * sync, organizations, users, memberships, connections), so every event offered in the end-to-end
 * benchmark costs the mirror a real write. Which events those are is decided by the mirror's own
 * handler, not by a list kept here.
 */
import { mirrorChangesFor } from '../consumers/directory-mirror/mirror-handler.js';
import { parseWorkosEvent } from '../consumers/events/workos-event.js';
import { isoString, toEpochMs } from '../emulator/clock.js';
import type { EventInput } from '../emulator/event-types.js';
import { createWorldGenerator, type WorldGenerator, type WorldOptions } from '../emulator/world/world-generator.js';

// The world can run dry of mirrored events only if it were broken; stop rather than spin.
const MAX_SKIPPED = 10_000;

/** Whether the mirror writes at least one row for `input` (stamped `atMs`). */
export function isMirrored(input: EventInput, atMs: number): boolean {
  try {
    const probe = { object: 'event', id: 'event_probe', event: input.event, data: input.data, created_at: isoString(atMs) };
    return mirrorChangesFor(parseWorkosEvent(probe)).length > 0;
  } catch {
    return false;
  }
}

/** A world generator whose events all produce mirror rows (the others are drawn and dropped). */
export function createMirrorWorld(options: WorldOptions): WorldGenerator {
  const world = createWorldGenerator(options);
  const next = (atMs: number): EventInput => {
    for (let skipped = 0; skipped < MAX_SKIPPED; skipped += 1) {
      const input = world.next(atMs);
      if (isMirrored(input, atMs)) return input;
    }
    throw new Error(`the world produced ${MAX_SKIPPED} events in a row that the mirror ignores`);
  };
  return {
    next,
    generate(count, start, end) {
      const startMs = toEpochMs(start);
      const span = toEpochMs(end) - startMs;
      if (span < 0) throw new RangeError('generate: end is before start');
      return Array.from({ length: count }, (_, i) => next(startMs + Math.floor((i * span) / count)));
    },
    state: world.state,
  };
}

import { describe, expect, it } from 'vitest';
import { mirrorChangesFor } from '../../../consumers/directory-mirror/mirror-handler.js';
import { parseWorkosEvent } from '../../../consumers/events/workos-event.js';
import { EventStore } from '../../../emulator/event-store.js';
import { createMirrorWorld, isMirrored } from '../../../bench/mirror-world.js';

const START = Date.parse('2025-01-01T00:00:00.000Z');

describe('createMirrorWorld', () => {
  it('yields only events the mirror writes rows for, in time order', () => {
    const store = new EventStore({ seed: 3 });
    const events = store.appendMany(createMirrorWorld({ seed: 3, organizations: 10 }).generate(2_000, START, START + 3_600_000));
    expect(events).toHaveLength(2_000);
    for (const event of events) expect(mirrorChangesFor(parseWorkosEvent(event)).length).toBeGreaterThan(0);
    expect(new Set(events.map((e) => e.event.split('.')[0])).size).toBeGreaterThan(3);
  });

  it('continues live with next(at)', () => {
    const world = createMirrorWorld({ seed: 4, organizations: 5 });
    world.generate(100, START, START + 1_000);
    expect(isMirrored(world.next(START + 2_000), START + 2_000)).toBe(true);
  });
});

describe('isMirrored', () => {
  it('follows the mirror handler', () => {
    expect(isMirrored({ event: 'session.created', data: { id: 'session_1', user_id: 'user_1' } }, START)).toBe(false);
    expect(isMirrored({ event: 'user.created', data: { id: 'user_1', email: 'a@example.com' } }, START)).toBe(true);
    // An object event without an id is invalid for the mirror, so not one it stores.
    expect(isMirrored({ event: 'user.created', data: { email: 'a@example.com' } }, START)).toBe(false);
  });
});

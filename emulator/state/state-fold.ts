import type { EventStore } from '../event-store.js';
import { applyEvent } from './fold-rules.js';
import { clearFoldedWorld, emptyFoldedWorld } from './folded-world.js';
import type { FoldedWorld } from './folded-world.js';

/**
 * Folds the event store into the listed state, incrementally: each request folds only the events
 * appended (or released by the clock) since the previous one. Retention plays no part here, so
 * entities whose events have all expired from `/events` are still listed, as in WorkOS.
 */
export class StateFold {
  private readonly world = emptyFoldedWorld();
  private folded = 0;

  constructor(private readonly store: EventStore) {}

  /**
   * The world after the first `endIndex` stored events (stream order). Moving back (a manual
   * clock set into the past hides events again) refolds from the start.
   */
  upTo(endIndex: number): FoldedWorld {
    const end = Math.min(endIndex, this.store.size);
    if (end < this.folded) {
      clearFoldedWorld(this.world);
      this.folded = 0;
    }
    for (; this.folded < end; this.folded += 1) {
      const event = this.store.at(this.folded);
      if (event !== undefined) applyEvent(this.world, event.event, event.data, this.store.timeAt(this.folded));
    }
    return this.world;
  }
}

import { isoString, systemClock, toEpochMs } from './clock.js';
import type { Clock } from './clock.js';
import type { EventInput, WorkosEvent } from './event-types.js';
import { organizationIdOf } from './organization-of.js';
import { createRng } from './prng.js';
import { createMonotonicUlid } from './ulid.js';
import { lowerBound } from '../core/lower-bound.js';

/** Options for {@link EventStore}. */
export interface EventStoreOptions {
  /** Seed for the entropy part of event ids. Default 1, so ids are reproducible. */
  readonly seed?: number;
  /** Supplies `created_at` for inputs without one. Default: the wall clock. */
  readonly clock?: Clock;
}

/**
 * The ordered event log behind the emulator, and the ground truth tests compare against.
 *
 * Invariant: stream order = insertion order = `created_at` order = id order. Appending an event
 * older than the last one throws, because its id could not sort after the previous one.
 */
export class EventStore {
  private readonly events: WorkosEvent[] = [];
  private readonly times: number[] = [];
  private readonly orgIds: (string | null)[] = [];
  // Serialized on first serve and cached, so bulk appends stay cheap and pages are string joins.
  private readonly json: (string | undefined)[] = [];
  private readonly indexById = new Map<string, number>();
  private readonly nextUlid: (ms: number) => string;
  private readonly clock: Clock;
  private readonly listeners = new Set<(event: WorkosEvent) => void>();

  constructor(options: EventStoreOptions = {}) {
    this.nextUlid = createMonotonicUlid(createRng(options.seed ?? 1).next);
    this.clock = options.clock ?? systemClock;
  }

  /**
   * Stores one event and assigns its id.
   * @throws RangeError when `createdAt` is earlier than the newest stored event.
   */
  append(input: EventInput): WorkosEvent {
    const ms = input.createdAt === undefined ? Math.max(this.clock.now(), this.lastCreatedAtMs ?? 0) : toEpochMs(input.createdAt);
    const last = this.lastCreatedAtMs;
    if (last !== null && ms < last) {
      throw new RangeError(`event ${input.event} at ${new Date(ms).toISOString()} is older than the newest stored event`);
    }
    const record: WorkosEvent = {
      object: 'event',
      id: `event_${this.nextUlid(ms)}`,
      event: input.event,
      data: input.data,
      created_at: isoString(ms),
      ...(input.context === undefined ? {} : { context: input.context }),
    };
    this.indexById.set(record.id, this.events.length);
    this.events.push(record);
    this.times.push(ms);
    this.orgIds.push(organizationIdOf(record.event, record.data));
    this.json.push(undefined);
    for (const listener of this.listeners) listener(record);
    return record;
  }

  /** Appends in order; returns the stored records. */
  appendMany(inputs: Iterable<EventInput>): WorkosEvent[] {
    const out: WorkosEvent[] = [];
    for (const input of inputs) out.push(this.append(input));
    return out;
  }

  /** Every stored event in stream order, including expired ones (the ground truth). */
  all(): readonly WorkosEvent[] {
    return this.events;
  }

  /** Number of stored events. */
  get size(): number {
    return this.events.length;
  }

  /** `created_at` of the newest event in epoch ms, or `null` when empty. */
  get lastCreatedAtMs(): number | null {
    return this.times.length === 0 ? null : (this.times[this.times.length - 1] as number);
  }

  /** Calls `listener` after every append; returns an unsubscribe function. */
  onAppend(listener: (event: WorkosEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Position of the event with this id, or -1. */
  indexOf(id: string): number {
    return this.indexById.get(id) ?? -1;
  }

  /** The event at `index` (stream position). */
  at(index: number): WorkosEvent | undefined {
    return this.events[index];
  }

  /** `created_at` in epoch ms of the event at `index`. */
  timeAt(index: number): number {
    return this.times[index] ?? Number.NaN;
  }

  /** Organization id of the event at `index` (see `organizationIdOf`). */
  organizationAt(index: number): string | null {
    return this.orgIds[index] ?? null;
  }

  /** JSON of the event at `index` (serialized once, then cached). */
  jsonAt(index: number): string {
    const cached = this.json[index];
    if (cached !== undefined) return cached;
    const event = this.events[index];
    if (event === undefined) return 'null';
    const json = JSON.stringify(event);
    this.json[index] = json;
    return json;
  }

  /** First position whose `created_at` ≥ `ms` (binary search; `size` when none). */
  firstIndexAtOrAfter(ms: number): number {
    return lowerBound(this.times.length, (i) => (this.times[i] as number) < ms);
  }

  /** First position whose `created_at` > `ms` (binary search; `size` when none). */
  firstIndexAfter(ms: number): number {
    return lowerBound(this.times.length, (i) => (this.times[i] as number) <= ms);
  }

  /** First position whose id sorts after `id` (ids sort in stream order). */
  firstIndexWithIdAfter(id: string): number {
    return lowerBound(this.events.length, (i) => (this.events[i] as WorkosEvent).id <= id);
  }
}

import type { EventInput, JsonObject } from '../event-types.js';
import type { Rng } from '../prng.js';

/**
 * The simulated WorkOS environment the generator mutates. Payloads are immutable snapshots in
 * the raw API shape: an update replaces the object, so events already emitted never change.
 */

/** A raw API object (snake_case). */
export type Payload = JsonObject;

/** A directory group and the ids of its member directory users. */
export interface GroupState {
  payload: Payload;
  readonly memberIds: string[];
}

/** A directory (dsync) with its users and groups. */
export interface DirectoryState {
  readonly id: string;
  readonly orgId: string;
  payload: Payload;
  readonly users: Payload[];
  readonly groups: GroupState[];
}

/** An organization and everything that belongs to it. */
export interface OrgState {
  readonly id: string;
  /** Primary domain, e.g. `acme-labs-3.com`. */
  readonly domain: string;
  payload: Payload;
  readonly domains: Payload[];
  readonly connections: Payload[];
  readonly directories: DirectoryState[];
  readonly roles: Payload[];
}

/** The whole environment. */
export interface WorldState {
  /** Live organizations in creation order. */
  readonly orgs: OrgState[];
  /** Live directories of all organizations (kept flat because most actions pick from them). */
  readonly directories: DirectoryState[];
  /** How many organizations were ever created (names stay unique). */
  orgsCreated: number;
  /** Organizations the simulation keeps alive. */
  readonly targetOrgs: number;
  /** Environment-wide user-management users. */
  readonly users: Payload[];
  readonly memberships: Payload[];
  readonly invitations: Payload[];
  /** Active sessions only; revoked ones are dropped. */
  readonly sessions: Payload[];
  readonly passwordResets: Payload[];
  readonly roles: Payload[];
  readonly permissions: Payload[];
  /** OAuth client ids that appear in `context.client_id`. */
  readonly clientIds: readonly string[];
  /** Counter that keeps generated emails and slugs unique. */
  serial: number;
}

/** A deferred event, built when its turn comes so it sees the state of that moment. */
export type FollowUp = (t: number) => EventInput | null;

/** What every action gets: randomness, state, id minting and event building. */
export interface WorldCtx {
  readonly rng: Rng;
  readonly state: WorldState;
  /** `<prefix>_<ULID at t>`, e.g. `directory_user_01H…`. */
  id(prefix: string, t: number): string;
  /** ISO-8601 with `Z`. */
  iso(t: number): string;
  /** An event at `t` with a randomly chosen context (`{}`, `{client_id}`, with actor, or none). */
  emit(event: string, data: Payload, t: number): EventInput;
  /** Queues events that must follow the current one (an initial sync, an acceptance, …). */
  later(...steps: FollowUp[]): void;
}

/** One kind of state change, with its relative frequency. */
export interface WorldAction {
  /** Label for debugging and the mix option (usually the event name). */
  readonly name: string;
  /** Relative weight. */
  readonly weight: number;
  /**
   * Emits an event, or `null` when nothing is emitted now: the world has nothing to apply it to
   * yet, or the action only queued follow-ups (which the generator drains next).
   */
  run(ctx: WorldCtx, t: number): EventInput | null;
}

/** Reads a string field of a payload (ids, names); throws if the generator broke its own shape. */
export function str(payload: Payload, key: string): string {
  const value = payload[key];
  if (typeof value !== 'string') throw new TypeError(`payload field ${key} is not a string`);
  return value;
}

/** Replaces `previous` by `next` in place; returns `next`. */
export function replaceIn<T>(items: T[], previous: T, next: T): T {
  const index = items.indexOf(previous);
  if (index >= 0) items[index] = next;
  return next;
}

/** Removes `item` from `items` if present. */
export function removeFrom<T>(items: T[], item: T): void {
  const index = items.indexOf(item);
  if (index >= 0) items.splice(index, 1);
}

/** A random element, or `null` when there is none (actions then decline). */
export function maybePick<T>(rng: Rng, items: readonly T[]): T | null {
  return items.length === 0 ? null : rng.pick(items);
}

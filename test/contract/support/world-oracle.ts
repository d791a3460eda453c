import type { JsonObject, WorkosEvent } from '../../../emulator/event-types.js';
import { organizationSnapshot } from '../../../emulator/world/organizations.js';
import type { WorldState } from '../../../emulator/world/world-state.js';

/**
 * What the state lists must return, read from the simulation itself rather than from the
 * emulator's fold: the live objects of the generator's final (settled) state.
 */
export interface WorldOracle {
  readonly organizations: JsonObject[];
  readonly directories: JsonObject[];
  readonly directoryUsers: JsonObject[];
  readonly directoryGroups: JsonObject[];
  readonly users: JsonObject[];
  readonly memberships: JsonObject[];
  readonly connections: JsonObject[];
  /** Member directory-user ids of a group. */
  membersOf(groupId: string): readonly string[];
}

/** The oracle of a generator's state. */
export function worldOracle(state: Readonly<WorldState>): WorldOracle {
  const groups = state.directories.flatMap((d) => d.groups);
  return {
    organizations: state.orgs.map(organizationSnapshot),
    directories: state.directories.map((d) => d.payload),
    directoryUsers: state.directories.flatMap((d) => d.users),
    directoryGroups: groups.map((g) => g.payload),
    users: [...state.users],
    memberships: [...state.memberships],
    connections: state.orgs.flatMap((o) => o.connections),
    membersOf: (groupId) => groups.find((g) => g.payload['id'] === groupId)?.memberIds ?? [],
  };
}

/** Objects sorted by id, to compare lists regardless of order. */
export function sortedById(items: readonly JsonObject[]): JsonObject[] {
  return [...items].sort((a, b) => String(a['id']).localeCompare(String(b['id'])));
}

/** Ids of objects (wire objects or SDK objects alike), sorted. */
export function idsOf(items: readonly object[]): string[] {
  return items.map((item) => String((item as Record<string, unknown>)['id'])).sort();
}

/**
 * The `data` of each object's latest event whose payload is that object, by object id
 * (`previous_attributes` removed: update events add it, the object does not have it).
 */
export function latestPayloads(events: readonly WorkosEvent[]): Map<string, JsonObject> {
  const latest = new Map<string, JsonObject>();
  for (const event of events) {
    const id = event.data['id'];
    if (typeof id !== 'string' || event.event.startsWith('organization_domain.')) continue;
    const { previous_attributes: _previous, ...payload } = event.data;
    latest.set(id, payload);
  }
  return latest;
}

/** Whether a list is sorted newest first by created_at, ties broken by id (descending). */
export function isNewestFirst(items: readonly JsonObject[]): boolean {
  return items.every((item, i) => {
    const previous = items[i - 1];
    if (previous === undefined) return true;
    const [a, b] = [Date.parse(String(previous['created_at'])), Date.parse(String(item['created_at']))];
    return a > b || (a === b && String(previous['id']) > String(item['id']));
  });
}

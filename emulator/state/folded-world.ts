import { EntityTable } from './entity-table.js';
import { GroupMemberships } from './group-memberships.js';

/**
 * The state of the environment as the WorkOS state APIs would list it: the fold of every event,
 * including those already past the Events API's retention.
 */
export interface FoldedWorld {
  readonly organizations: EntityTable;
  readonly directories: EntityTable;
  readonly directoryUsers: EntityTable;
  readonly directoryGroups: EntityTable;
  /** User Management users (environment-wide). */
  readonly users: EntityTable;
  readonly organizationMemberships: EntityTable;
  /** SSO connections. */
  readonly connections: EntityTable;
  readonly groupMemberships: GroupMemberships;
}

/** An empty world. */
export function emptyFoldedWorld(): FoldedWorld {
  return {
    organizations: new EntityTable(),
    directories: new EntityTable(),
    directoryUsers: new EntityTable(),
    directoryGroups: new EntityTable(),
    users: new EntityTable(),
    organizationMemberships: new EntityTable(),
    connections: new EntityTable(),
    groupMemberships: new GroupMemberships(),
  };
}

/** Empties every table in place. */
export function clearFoldedWorld(world: FoldedWorld): void {
  for (const table of [world.organizations, world.directories, world.directoryUsers, world.directoryGroups, world.users, world.organizationMemberships, world.connections]) {
    table.clear();
  }
  world.groupMemberships.clear();
}

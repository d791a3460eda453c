import type { JsonObject } from '../event-types.js';
import type { FoldedWorld } from './folded-world.js';

/**
 * How one event changes the listed state. An entity's listed object is the `data` of its latest
 * event (minus `previous_attributes`, which only update events carry); deletions remove it.
 *
 * Cascades follow what deleting a parent does in WorkOS, which emits no event per child:
 * - a deleted directory takes its users, groups and group memberships with it;
 * - a deleted organization takes its directories, connections and memberships;
 * - a deleted user takes its organization memberships.
 *
 * Organization domains live inside the organization object, so `organization_domain.*` events
 * update the organization's `domains` (without moving its `updated_at`, which only
 * `organization.*` events carry).
 */
export function applyEvent(world: FoldedWorld, name: string, data: JsonObject, eventMs: number): void {
  const family = name.slice(0, name.lastIndexOf('.'));
  const action = name.slice(name.lastIndexOf('.') + 1);
  switch (family) {
    case 'organization':
      if (action === 'deleted') deleteOrganization(world, idOf(data));
      else world.organizations.upsert(data, eventMs);
      return;
    case 'organization_domain':
      applyDomainEvent(world, action, action === 'verification_failed' ? objectAt(data, 'organization_domain') : data);
      return;
    case 'dsync':
      if (action === 'activated') world.directories.upsert(data, eventMs);
      else if (action === 'deleted') deleteDirectory(world, idOf(data));
      return;
    case 'dsync.user':
      if (action === 'deleted') deleteDirectoryUser(world, idOf(data));
      else world.directoryUsers.upsert(withoutPrevious(data), eventMs);
      return;
    case 'dsync.group':
      applyGroupEvent(world, action, data, eventMs);
      return;
    case 'user':
      if (action === 'deleted') deleteUser(world, idOf(data));
      else world.users.upsert(data, eventMs);
      return;
    case 'organization_membership':
      if (action === 'deleted') world.organizationMemberships.delete(idOf(data));
      else world.organizationMemberships.upsert(data, eventMs);
      return;
    case 'connection':
      if (action === 'deleted') world.connections.delete(idOf(data));
      else if (action === 'activated' || action === 'deactivated') world.connections.upsert(data, eventMs);
      return;
    default:
      return; // Sessions, invitations, roles, … have no list in this emulator.
  }
}

function applyGroupEvent(world: FoldedWorld, action: string, data: JsonObject, eventMs: number): void {
  if (action === 'user_added' || action === 'user_removed') {
    const groupId = idOf(objectAt(data, 'group'));
    const userId = idOf(objectAt(data, 'user'));
    if (groupId === '' || userId === '') return;
    if (action === 'user_added') world.groupMemberships.add(groupId, userId);
    else world.groupMemberships.remove(groupId, userId);
  } else if (action === 'deleted') {
    deleteDirectoryGroup(world, idOf(data));
  } else {
    world.directoryGroups.upsert(withoutPrevious(data), eventMs);
  }
}

function applyDomainEvent(world: FoldedWorld, action: string, domain: JsonObject): void {
  const domainId = idOf(domain);
  const orgId = domain['organization_id'];
  if (domainId === '' || typeof orgId !== 'string') return;
  world.organizations.patch(orgId, (org) => {
    const domains = Array.isArray(org['domains']) ? (org['domains'] as JsonObject[]) : [];
    const at = domains.findIndex((d) => d['id'] === domainId);
    // The organization keeps its domains in creation order: new ones go last, changes stay in place.
    const next = action === 'deleted' ? domains.filter((d) => d['id'] !== domainId) : at < 0 ? [...domains, domain] : domains.map((d, i) => (i === at ? domain : d));
    return { ...org, domains: next };
  });
}

function deleteOrganization(world: FoldedWorld, orgId: string): void {
  world.organizations.delete(orgId);
  const ofOrg = (item: JsonObject): boolean => item['organization_id'] === orgId;
  for (const directory of world.directories.live(ofOrg)) deleteDirectory(world, directory.id);
  for (const connection of world.connections.live(ofOrg)) world.connections.delete(connection.id);
  for (const membership of world.organizationMemberships.live(ofOrg)) world.organizationMemberships.delete(membership.id);
}

function deleteDirectory(world: FoldedWorld, directoryId: string): void {
  world.directories.delete(directoryId);
  const ofDirectory = (item: JsonObject): boolean => item['directory_id'] === directoryId;
  for (const user of world.directoryUsers.live(ofDirectory)) deleteDirectoryUser(world, user.id);
  for (const group of world.directoryGroups.live(ofDirectory)) deleteDirectoryGroup(world, group.id);
}

function deleteDirectoryUser(world: FoldedWorld, userId: string): void {
  world.directoryUsers.delete(userId);
  world.groupMemberships.removeUser(userId);
}

function deleteDirectoryGroup(world: FoldedWorld, groupId: string): void {
  world.directoryGroups.delete(groupId);
  world.groupMemberships.removeGroup(groupId);
}

function deleteUser(world: FoldedWorld, userId: string): void {
  world.users.delete(userId);
  for (const membership of world.organizationMemberships.live((m) => m['user_id'] === userId)) world.organizationMemberships.delete(membership.id);
}

/** The entity as lists show it: update events add the changed keys' old values, lists do not. */
function withoutPrevious(data: JsonObject): JsonObject {
  if (!('previous_attributes' in data)) return data;
  const { previous_attributes: _previous, ...rest } = data;
  return rest;
}

function idOf(data: JsonObject): string {
  const id = data['id'];
  return typeof id === 'string' ? id : '';
}

function objectAt(data: JsonObject, key: string): JsonObject {
  const value = data[key];
  return typeof value === 'object' && value !== null ? (value as JsonObject) : {};
}

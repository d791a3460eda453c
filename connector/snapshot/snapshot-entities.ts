/**
 * What a snapshot lists, as data: per entity type, the WorkOS list endpoint, whether its scope is
 * one organization or the whole environment, and the event name whose partition-key rule keys
 * it, so a snapshot row lands in the same partition as that entity's events.
 */
import type { SnapshotEntity } from '../../schemas/snapshot-record.js';
import { partitionKeyFor, type PartitionKey } from '../partition-key.js';

/** How an entity type's scopes are cut. */
export type ScopeKind = 'environment' | 'organization';

/** One entity type of the snapshot. */
export interface SnapshotEntitySpec {
  readonly entity: SnapshotEntity;
  readonly scope: ScopeKind;
  /** The event whose key rule keys this entity's snapshot rows (e.g. `dsync.user.updated`). */
  readonly keyedLike: string;
}

/** Every entity type, in the order a snapshot reads them. */
export const SNAPSHOT_ENTITY_SPECS: Readonly<Record<SnapshotEntity, SnapshotEntitySpec>> = Object.freeze({
  organization: { entity: 'organization', scope: 'environment', keyedLike: 'organization.updated' },
  user: { entity: 'user', scope: 'environment', keyedLike: 'user.updated' },
  directory: { entity: 'directory', scope: 'organization', keyedLike: 'dsync.activated' },
  directory_user: { entity: 'directory_user', scope: 'organization', keyedLike: 'dsync.user.updated' },
  directory_group: { entity: 'directory_group', scope: 'organization', keyedLike: 'dsync.group.updated' },
  directory_group_membership: { entity: 'directory_group_membership', scope: 'organization', keyedLike: 'dsync.group.user_added' },
  organization_membership: { entity: 'organization_membership', scope: 'organization', keyedLike: 'organization_membership.updated' },
  connection: { entity: 'connection', scope: 'organization', keyedLike: 'connection.activated' },
});

/** The entity types scoped by organization, in reading order (each organization's scopes close together). */
export const ORGANIZATION_SCOPED_ENTITIES: readonly SnapshotEntity[] = Object.values(SNAPSHOT_ENTITY_SPECS)
  .filter((spec) => spec.scope === 'organization')
  .map((spec) => spec.entity);

/** The environment-wide entity types. */
export const ENVIRONMENT_SCOPED_ENTITIES: readonly SnapshotEntity[] = Object.values(SNAPSHOT_ENTITY_SPECS)
  .filter((spec) => spec.scope === 'environment')
  .map((spec) => spec.entity);

/**
 * The key of a snapshot row: the key that entity's own events get. A group membership is keyed
 * like `dsync.group.user_added`, whose data embeds the user and the group.
 */
export function snapshotKeyFor(entity: SnapshotEntity, data: Readonly<Record<string, unknown>>): PartitionKey {
  const spec = SNAPSHOT_ENTITY_SPECS[entity];
  const keyData =
    entity === 'directory_group_membership'
      ? { user: { organization_id: data.organization_id }, group: { organization_id: data.organization_id }, directory_id: data.directory_id, id: data.id }
      : data;
  return partitionKeyFor({ event: spec.keyedLike, data: keyData });
}

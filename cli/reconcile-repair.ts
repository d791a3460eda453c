/**
 * Which snapshots repair a drift: one of each organization whose organization-scoped rows drift
 * (its directories, directory users and groups, memberships, connections), or one of everything
 * when an environment-wide table drifts (organizations, users), which also covers every
 * organization. The answer is the list of `organization_id`s to request, null meaning everything.
 */
import { ENVIRONMENT_SCOPED_ENTITIES } from '../connector/snapshot/snapshot-entities.js';
import { SNAPSHOT_ENTITY_TABLES } from '../consumers/directory-mirror/mirror-snapshot.js';
import type { DriftScope } from '../consumers/directory-mirror/reconcile-drift.js';
import type { MirrorTable } from '../consumers/directory-mirror/mirror-tables.js';

const ENVIRONMENT_TABLES: ReadonlySet<MirrorTable> = new Set(ENVIRONMENT_SCOPED_ENTITIES.map((entity) => SNAPSHOT_ENTITY_TABLES[entity]));

/** The snapshots to request for `scopes`, in a stable order; empty when nothing drifts. */
export function repairScopes(scopes: readonly DriftScope[]): (string | null)[] {
  if (scopes.some((scope) => ENVIRONMENT_TABLES.has(scope.table) || scope.organizationId === null)) return [null];
  return [...new Set(scopes.map((scope) => scope.organizationId as string))].sort();
}

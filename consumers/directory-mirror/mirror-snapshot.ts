/**
 * What snapshot records ask of the mirror. A listed entity is applied like an update event,
 * through the same updated_at guard (never creating over a tombstone, so a snapshot cannot bring
 * back an entity a later-applied deletion removed), and remembered as listed. A scope's
 * completion lets the store tombstone the rows of that scope the snapshot did not list and that
 * were not written since it began: the deletions WorkOS's events no longer hold.
 */
import { parseTimestampUs } from '../../core/workos-timestamp.js';
import type { SnapshotCompletion, SnapshotEntity, SnapshotRecord } from '../../schemas/snapshot-record.js';
import type { MirrorChange } from './mirror-change.js';
import type { SnapshotScopePart, SnapshotSeen } from './mirror-batch-plan.js';
import { lookupColumns } from './mirror-handler.js';
import type { MirrorTable } from './mirror-tables.js';

/** The mirror table of each snapshot entity type. */
export const SNAPSHOT_ENTITY_TABLES: Readonly<Record<SnapshotEntity, MirrorTable>> = Object.freeze({
  organization: 'organizations',
  user: 'users',
  directory: 'directories',
  directory_user: 'directory_users',
  directory_group: 'directory_groups',
  directory_group_membership: 'group_memberships',
  organization_membership: 'organization_memberships',
  connection: 'connections',
});

/** `last_event_type` of rows a snapshot wrote or the diff tombstoned. */
export const SNAPSHOT_EVENT_TYPE = 'snapshot';
export const SNAPSHOT_DIFF_EVENT_TYPE = 'snapshot.diff';

/** The upsert and the listed-row mark for one snapshot record. */
export function snapshotRecordWrite(record: SnapshotRecord): { change: MirrorChange; seen: SnapshotSeen } {
  const table = SNAPSHOT_ENTITY_TABLES[record.entity];
  const id = record.data.id as string;
  // Objects without updated_at (group memberships) are as of the snapshot's start: an event after it wins.
  const versionUs = parseTimestampUs(record.data.updated_at) ?? startedAtUs(record);
  const change: MirrorChange = {
    op: 'upsert',
    create: false,
    table,
    id,
    columns: lookupColumns(table, record.data),
    data: record.data,
    versionUs,
    eventId: record.snapshot_id,
    eventType: SNAPSHOT_EVENT_TYPE,
  };
  return { change, seen: { snapshotId: record.snapshot_id, table, id } };
}

/** The scope part one completion copy stands for. */
export function snapshotScopePart(completion: SnapshotCompletion): SnapshotScopePart {
  return {
    snapshotId: completion.snapshot_id,
    table: SNAPSHOT_ENTITY_TABLES[completion.entity],
    organizationId: completion.organization_id,
    part: completion.part,
    parts: completion.parts,
    startedAtUs: startedAtUs(completion),
    listed: completion.listed,
  };
}

function startedAtUs(value: { snapshot_started_at: string }): number {
  // The schema check already refused an unparseable start time.
  return parseTimestampUs(value.snapshot_started_at) ?? Date.parse(value.snapshot_started_at) * 1000;
}

/**
 * The mirror's tables as data: one row shape for every entity (id, raw JSON, version, tombstone,
 * last event) plus a few lookup columns per table. The DDL, the writer and the readers are all
 * generated from this list, so SQLite and PostgreSQL cannot drift apart.
 */

/** Lookup columns per table (TEXT, nullable, indexed). Order is the column order in the DDL. */
export const MIRROR_TABLES = Object.freeze({
  organizations: ['name'],
  directories: ['organization_id', 'name', 'state'],
  directory_users: ['directory_id', 'organization_id', 'email', 'state'],
  directory_groups: ['directory_id', 'organization_id', 'name'],
  group_memberships: ['directory_id', 'group_id', 'directory_user_id', 'organization_id'],
  users: ['email'],
  organization_memberships: ['user_id', 'organization_id', 'status'],
  connections: ['organization_id', 'name', 'state'],
} as const satisfies Record<string, readonly string[]>);

/** A mirror table name. */
export type MirrorTable = keyof typeof MIRROR_TABLES;

/** Every mirror table, in a stable order (wipe, counts, exports). */
export const MIRROR_TABLE_NAMES = Object.freeze(Object.keys(MIRROR_TABLES) as MirrorTable[]);

/** Lookup columns that get an index (names, emails and states are only displayed). */
export const INDEXED_COLUMNS: ReadonlySet<string> = new Set([
  'organization_id',
  'directory_id',
  'group_id',
  'directory_user_id',
  'user_id',
]);

/** The table recording how far each partition has been applied, in the same transaction as the rows. */
export const PROGRESS_TABLE = 'consumer_progress';

/**
 * Tables where a `.deleted` (or removal) is final: only a `.created` with a newer timestamp may
 * bring the row back (WorkOS does not reuse ids). Group memberships are not final: a user removed
 * from a group and added again later is a member again.
 */
export const DELETE_IS_FINAL: Readonly<Record<MirrorTable, boolean>> = Object.freeze({
  organizations: true,
  directories: true,
  directory_users: true,
  directory_groups: true,
  group_memberships: false,
  users: true,
  organization_memberships: true,
  connections: true,
});

/**
 * The rows each snapshot listed, per table: what the deletion diff keeps. Emptied scope by scope
 * as the diff runs.
 */
export const SNAPSHOT_SEEN_TABLE = 'snapshot_seen';

/**
 * The completion copies of each snapshot scope received so far (one per partition the scope's
 * rows were spread over); the diff runs in the transaction that records the last one.
 */
export const SNAPSHOT_SCOPE_PARTS_TABLE = 'snapshot_scope_parts';

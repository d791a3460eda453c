/**
 * The mirror's read helpers, the same SQL on both databases. Tombstones stay in the tables (they
 * block resurrection) and are filtered out here.
 */
import type { SqlClient, SqlValue } from '../db/sql-client.js';
import { selectList, toMirrorRow } from './mirror-rows.js';
import type { MirrorReader, MirrorRow, StoredProgress, TableCount } from './mirror-store.js';
import { MIRROR_TABLE_NAMES, PROGRESS_TABLE, type MirrorTable } from './mirror-tables.js';

/** Creates the read helpers over `db`. */
export function createMirrorReader(db: SqlClient): MirrorReader {
  const t = (table: MirrorTable | typeof PROGRESS_TABLE): string => db.dialect.table(table);
  // A deleted directory takes its users and groups with it: WorkOS sends no per-user deletes then.
  const directoryLive = (alias: string): string =>
    `NOT EXISTS (SELECT 1 FROM ${t('directories')} d WHERE d.id = ${alias}.directory_id AND d.deleted_at_us IS NOT NULL)`;

  async function rows(table: MirrorTable, sql: string, params: readonly SqlValue[]): Promise<MirrorRow[]> {
    return (await db.query(sql, params)).map((row) => toMirrorRow(table, row));
  }

  async function get(table: MirrorTable, id: string, options: { includeDeleted?: boolean } = {}): Promise<MirrorRow | undefined> {
    const live = options.includeDeleted === true ? '' : ' AND r.deleted_at_us IS NULL';
    const [row] = await rows(table, `SELECT ${selectList(table, 'r')} FROM ${t(table)} r WHERE r.id = ?${live}`, [id]);
    return row;
  }

  function listInDirectory(table: 'directory_users' | 'directory_groups', directoryId: string): Promise<MirrorRow[]> {
    return rows(
      table,
      `SELECT ${selectList(table, 'r')} FROM ${t(table)} r ` +
        `WHERE r.directory_id = ? AND r.deleted_at_us IS NULL AND ${directoryLive('r')} ORDER BY r.id`,
      [directoryId],
    );
  }

  return {
    get,
    getOrganization: (id) => get('organizations', id),
    getDirectory: (id) => get('directories', id),
    getDirectoryUser: (id) => get('directory_users', id),
    getDirectoryGroup: (id) => get('directory_groups', id),
    getUser: (id) => get('users', id),
    getOrganizationMembership: (id) => get('organization_memberships', id),
    getConnection: (id) => get('connections', id),
    listDirectoryUsers: (directoryId) => listInDirectory('directory_users', directoryId),
    listDirectoryGroups: (directoryId) => listInDirectory('directory_groups', directoryId),

    listGroupMembers: (groupId) =>
      rows(
        'directory_users',
        `SELECT ${selectList('directory_users', 'u')} FROM ${t('group_memberships')} m ` +
          `JOIN ${t('directory_users')} u ON u.id = m.directory_user_id ` +
          `WHERE m.group_id = ? AND m.deleted_at_us IS NULL AND u.deleted_at_us IS NULL AND ${directoryLive('u')} ORDER BY u.id`,
        [groupId],
      ),

    listUserGroups: (directoryUserId) =>
      rows(
        'directory_groups',
        `SELECT ${selectList('directory_groups', 'g')} FROM ${t('group_memberships')} m ` +
          `JOIN ${t('directory_groups')} g ON g.id = m.group_id ` +
          `WHERE m.directory_user_id = ? AND m.deleted_at_us IS NULL AND g.deleted_at_us IS NULL AND ${directoryLive('g')} ORDER BY g.id`,
        [directoryUserId],
      ),

    listOrganizationUsers: (organizationId) =>
      rows(
        'users',
        `SELECT ${selectList('users', 'u')} FROM ${t('organization_memberships')} m ` +
          `JOIN ${t('users')} u ON u.id = m.user_id ` +
          'WHERE m.organization_id = ? AND m.deleted_at_us IS NULL AND u.deleted_at_us IS NULL ORDER BY u.id',
        [organizationId],
      ),

    async counts() {
      const result = {} as Record<MirrorTable, TableCount>;
      for (const table of MIRROR_TABLE_NAMES) {
        const [row] = await db.query<{ live: number | string; deleted: number | string }>(
          `SELECT COUNT(*) - COUNT(deleted_at_us) AS live, COUNT(deleted_at_us) AS deleted FROM ${t(table)}`,
        );
        result[table] = { live: Number(row?.live ?? 0), deleted: Number(row?.deleted ?? 0) };
      }
      return result;
    },

    exportRows: (table) => rows(table, `SELECT ${selectList(table, 'r')} FROM ${t(table)} r ORDER BY r.id`, []),

    async progress(consumer) {
      const where = consumer === undefined ? '' : ' WHERE consumer_group = ?';
      const found = await db.query(
        `SELECT consumer_group, topic, partition_id, last_offset, last_event_id, updated_at_ms FROM ${t(PROGRESS_TABLE)}${where} ` +
          'ORDER BY consumer_group, topic, partition_id',
        consumer === undefined ? [] : [consumer],
      );
      return found.map(
        (row): StoredProgress => ({
          consumer: String(row.consumer_group),
          topic: String(row.topic),
          partition: Number(row.partition_id),
          offset: String(row.last_offset),
          eventId: String(row.last_event_id),
          updatedAtMs: Number(row.updated_at_ms),
        }),
      );
    },
  };
}

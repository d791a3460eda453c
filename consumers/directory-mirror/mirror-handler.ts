/**
 * The directory mirror's pure handler: one WorkOS event in, the row changes it implies out. No
 * I/O; the store applies the changes under the updated_at guard. Event types the mirror does not
 * keep (authentication.*, session.*, …) produce no changes.
 */
import { ConnectorError } from '../../core/errors.js';
import type { ParsedEvent } from '../events/workos-event.js';
import { parseTimestampUs } from '../../core/workos-timestamp.js';
import type { MirrorChange } from './mirror-change.js';
import { MIRROR_TABLES, type MirrorTable } from './mirror-tables.js';

type Data = Readonly<Record<string, unknown>>;

/** Event-name prefix → table, for the families that carry the whole object in `data`. */
const OBJECT_EVENTS: ReadonlyArray<readonly [prefix: string, table: MirrorTable]> = [
  ['organization.', 'organizations'],
  ['dsync.user.', 'directory_users'],
  ['dsync.group.', 'directory_groups'],
  ['user.', 'users'],
  ['organization_membership.', 'organization_memberships'],
  ['connection.', 'connections'],
];

/** Suffix of the event names that delete the object they carry. */
const DELETING_SUFFIX = '.deleted';

/** The changes `parsed` implies; empty for event types the mirror ignores. */
export function mirrorChangesFor(parsed: ParsedEvent): MirrorChange[] {
  const { event } = parsed;
  const name = event.event;
  if (name === 'dsync.activated' || name === 'dsync.deleted') return [objectChange(parsed, 'directories', event.data)];
  if (name === 'dsync.group.user_added' || name === 'dsync.group.user_removed') return membershipChanges(parsed);
  const family = OBJECT_EVENTS.find(([prefix]) => name.startsWith(prefix));
  if (family === undefined) return [];
  const [prefix, table] = family;
  // Only the plain lifecycle actions carry the object; e.g. a future `dsync.group.member_added` must not be read as a group.
  if (!LIFECYCLE_ACTIONS.has(name.slice(prefix.length))) return [];
  return [objectChange(parsed, table, event.data)];
}

/** The actions whose events carry the whole object. */
const LIFECYCLE_ACTIONS: ReadonlySet<string> = new Set(['created', 'updated', 'deleted', 'activated', 'deactivated']);

/** One upsert or tombstone for an event whose `data` is the object itself. */
function objectChange(parsed: ParsedEvent, table: MirrorTable, data: Data, embedded = false): MirrorChange {
  const { event, createdAtUs } = parsed;
  const id = requireId(data, parsed, table);
  // Copied only when there is something to drop: a replay builds one change per event.
  const object = 'previous_attributes' in data ? withoutPreviousAttributes(data) : data;
  const versionUs = parseTimestampUs(object.updated_at) ?? createdAtUs;
  const columns = lookupColumns(table, object);
  if (!embedded && event.event.endsWith(DELETING_SUFFIX)) {
    const deletedAtUs = Math.max(createdAtUs, versionUs);
    return { table, id, columns, data: object, versionUs, eventId: event.id, eventType: event.event, op: 'delete', deletedAtUs };
  }
  const create = !embedded && event.event.endsWith('.created');
  return { table, id, columns, data: object, versionUs, eventId: event.id, eventType: event.event, op: 'upsert', create };
}

function withoutPreviousAttributes(data: Data): Data {
  const { previous_attributes: _previous, ...object } = data;
  return object;
}

/**
 * `dsync.group.user_added/_removed` carry `{directory_id, user, group}` and no `updated_at`: the
 * membership is versioned by the event's `created_at`. The embedded user and group are full
 * objects with their own `updated_at`, so they refresh those rows under the same guard (never
 * creating over a tombstone: `create` is false).
 */
function membershipChanges(parsed: ParsedEvent): MirrorChange[] {
  const { event, createdAtUs } = parsed;
  const user = asObject(event.data.user);
  const group = asObject(event.data.group);
  if (user === undefined || group === undefined) throw invalid(parsed, 'data.user and data.group must be objects');
  const userId = requireId(user, parsed, 'directory_users');
  const groupId = requireId(group, parsed, 'directory_groups');
  const directoryId = str(event.data.directory_id) ?? str(user.directory_id) ?? str(group.directory_id);
  const organizationId = str(user.organization_id) ?? str(group.organization_id);
  const membership = {
    object: 'directory_group_membership',
    directory_id: directoryId,
    group_id: groupId,
    directory_user_id: userId,
    organization_id: organizationId,
  };
  const base = {
    table: 'group_memberships' as const,
    id: `${groupId}:${userId}`,
    columns: lookupColumns('group_memberships', membership),
    data: membership,
    versionUs: createdAtUs,
    eventId: event.id,
    eventType: event.event,
  };
  const change: MirrorChange =
    event.event === 'dsync.group.user_removed'
      ? { ...base, op: 'delete', deletedAtUs: createdAtUs }
      : { ...base, op: 'upsert', create: true };
  return [objectChange(parsed, 'directory_users', user, true), objectChange(parsed, 'directory_groups', group, true), change];
}

/** The lookup columns of `table`, read from the object's snake_case fields. */
export function lookupColumns(table: MirrorTable, object: Data): Record<string, string | null> {
  const columns: Record<string, string | null> = {};
  for (const column of MIRROR_TABLES[table]) {
    columns[column] = str(object[column]) ?? null;
  }
  return columns;
}

function requireId(data: Data, parsed: ParsedEvent, table: MirrorTable): string {
  const id = str(data.id);
  if (id === undefined) throw invalid(parsed, `the ${table} object has no id`);
  return id;
}

function asObject(value: unknown): Data | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Data) : undefined;
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function invalid(parsed: ParsedEvent, problem: string): ConnectorError {
  return new ConnectorError(`Event ${parsed.event.id} (${parsed.event.event}): ${problem}`, {
    code: 'INVALID_EVENT',
    retriable: false,
    context: { eventId: parsed.event.id, eventType: parsed.event.event, reason: 'missing-id' },
  });
}

import { describe, expect, it } from 'vitest';
import { parseWorkosEvent, type WorkosEvent } from '../../../consumers/events/workos-event.js';
import { mirrorChangesFor } from '../../../consumers/directory-mirror/mirror-handler.js';
import { isConnectorError } from '../../../core/errors.js';
import { parseTimestampUs } from '../../../core/workos-timestamp.js';
import { at, connection, directory, directoryGroup, directoryUser, event, membershipData, orgMembership, organization, user } from './fixtures/workos-events.js';

const changesOf = (e: WorkosEvent) => mirrorChangesFor(parseWorkosEvent(e));

describe('mirrorChangesFor (pure directory-mirror handler)', () => {
  it('turns dsync.user.updated into an upsert keyed by the user id, versioned by updated_at, without previous_attributes', () => {
    const data = { ...directoryUser('directory_user_1', at(5)), previous_attributes: { state: 'active' } };
    const [change, ...rest] = changesOf(event('dsync.user.updated', data, at(6)));
    expect(rest).toHaveLength(0);
    expect(change).toMatchObject({
      op: 'upsert',
      create: false,
      table: 'directory_users',
      id: 'directory_user_1',
      versionUs: parseTimestampUs(at(5)),
      columns: { directory_id: 'directory_1', organization_id: 'org_1', email: 'directory_user_1@example.com', state: 'active' },
    });
    expect(change?.data).not.toHaveProperty('previous_attributes');
    expect(change?.data).toMatchObject({ first_name: 'Ada', raw_attributes: {} });
  });

  it('marks only *.created upserts as creates', () => {
    expect(changesOf(event('user.created', user('user_1', at(1))))[0]).toMatchObject({ op: 'upsert', create: true, table: 'users' });
    expect(changesOf(event('organization.updated', organization('org_1', at(2))))[0]).toMatchObject({ op: 'upsert', create: false, table: 'organizations' });
  });

  it('turns *.deleted into a tombstone at the event time, keeping the full object', () => {
    const data = directoryUser('directory_user_1', at(5), { state: 'inactive' });
    const [change] = changesOf(event('dsync.user.deleted', data, at(9)));
    expect(change).toMatchObject({ op: 'delete', versionUs: parseTimestampUs(at(5)), deletedAtUs: parseTimestampUs(at(9)) });
    expect(change?.data).toMatchObject({ state: 'inactive', email: 'directory_user_1@example.com' });
  });

  it('maps every mirrored family to its table', () => {
    const cases: Array<[WorkosEvent, string]> = [
      [event('dsync.activated', directory('directory_1', at(1))), 'directories'],
      [event('dsync.deleted', directory('directory_1', at(1), { state: 'deleting' }), at(2)), 'directories'],
      [event('dsync.group.created', directoryGroup('directory_group_1', at(1))), 'directory_groups'],
      [event('organization_membership.created', orgMembership('om_1', 'user_1', 'org_1', at(1))), 'organization_memberships'],
      [event('connection.activated', connection('conn_1', at(1))), 'connections'],
      [event('connection.deleted', connection('conn_1', at(1)), at(3)), 'connections'],
    ];
    for (const [e, table] of cases) expect(changesOf(e).map((c) => c.table)).toEqual([table]);
  });

  it('versions group memberships by the event created_at (they have no updated_at) and refreshes the embedded user and group', () => {
    const e = event('dsync.group.user_added', membershipData(directoryUser('directory_user_1', at(1)), directoryGroup('directory_group_1', at(2))), at(7));
    const changes = changesOf(e);
    expect(changes.map((c) => [c.table, c.op])).toEqual([
      ['directory_users', 'upsert'],
      ['directory_groups', 'upsert'],
      ['group_memberships', 'upsert'],
    ]);
    expect(changes[0]).toMatchObject({ create: false, versionUs: parseTimestampUs(at(1)) });
    expect(changes[2]).toMatchObject({
      id: 'directory_group_1:directory_user_1',
      versionUs: parseTimestampUs(at(7)),
      columns: { group_id: 'directory_group_1', directory_user_id: 'directory_user_1', directory_id: 'directory_1', organization_id: 'org_1' },
    });
    const removed = changesOf(event('dsync.group.user_removed', e.data as Record<string, unknown>, at(8)));
    expect(removed[2]).toMatchObject({ op: 'delete', deletedAtUs: parseTimestampUs(at(8)) });
    // The embedded user of a removal is not deleted.
    expect(removed[0]).toMatchObject({ op: 'upsert', table: 'directory_users' });
  });

  it('falls back to the event created_at when an object has no parseable updated_at', () => {
    const data = directoryUser('directory_user_1', 'not a time');
    const [change] = changesOf(event('dsync.user.updated', data, '2020-05-06 04:21:48.649164'));
    expect(change?.versionUs).toBe(parseTimestampUs('2020-05-06 04:21:48.649164'));
  });

  it('ignores event types the mirror does not keep', () => {
    for (const type of ['authentication.sso_succeeded', 'session.created', 'password_reset.created', 'role.created', 'dsync.group.member_added']) {
      expect(changesOf(event(type, { id: 'x', updated_at: at(1) }))).toEqual([]);
    }
  });

  it('rejects an object without an id as a non-retriable INVALID_EVENT', () => {
    const attempt = () => changesOf(event('dsync.user.created', { object: 'directory_user', updated_at: at(1) }));
    expect(attempt).toThrowError(/no id/);
    try {
      attempt();
    } catch (err) {
      expect(isConnectorError(err, 'INVALID_EVENT')).toBe(true);
      expect((err as { retriable: boolean }).retriable).toBe(false);
    }
  });

  it('parseWorkosEvent reports every problem of a malformed value at once', () => {
    expect(() => parseWorkosEvent({ id: '', created_at: 'soon', data: [] })).toThrowError(
      /id must be a non-empty string; event must be a non-empty string; created_at is not a timestamp: "soon"; data must be an object/,
    );
    expect(() => parseWorkosEvent('text')).toThrowError(/not a JSON object/);
  });
});

import { describe, expect, it } from 'vitest';
import { mirrorChangesFor } from '../../../consumers/directory-mirror/mirror-handler.js';
import { applyToState, decideWrite, type MirrorState, type RowImage } from '../../../consumers/directory-mirror/updated-at-guard.js';
import { parseWorkosEvent, type WorkosEvent } from '../../../consumers/events/workos-event.js';
import { parseTimestampUs } from '../../../core/workos-timestamp.js';
import { at, directoryGroup, directoryUser, event, membershipData } from './fixtures/workos-events.js';

/** Folds events through the pure handler and the guard, as the stores do in a transaction. */
function fold(events: readonly WorkosEvent[], state: MirrorState = new Map()): Map<string, RowImage> {
  let next = new Map(state);
  for (const e of events) next = applyToState(next, mirrorChangesFor(parseWorkosEvent(e)));
  return next;
}

const USER = 'directory_users:directory_user_1';
const MEMBERSHIP = 'group_memberships:directory_group_1:directory_user_1';

describe('updated_at guard over out-of-order input', () => {
  const created = event('dsync.user.created', directoryUser('directory_user_1', at(1), { first_name: 'v1' }));
  const updated = event('dsync.user.updated', directoryUser('directory_user_1', at(2), { first_name: 'v2' }));
  const deleted = event('dsync.user.deleted', directoryUser('directory_user_1', at(2), { state: 'inactive' }), at(3));

  it('skips an older update arriving after a newer one', () => {
    const state = fold([created, updated, created]);
    expect(state.get(USER)).toMatchObject({ data: { first_name: 'v2' }, lastEventId: updated.id, versionUs: parseTimestampUs(at(2)) });
    expect(fold([updated, created]).get(USER)).toMatchObject({ data: { first_name: 'v2' }, lastEventId: updated.id });
  });

  it('treats a replay of the same event as an idempotent no-op', () => {
    const once = fold([created, updated, deleted]);
    const replayed = fold([created, updated, deleted], once);
    expect(replayed).toEqual(once);
    expect(decideWrite(once.get(USER), mirrorChangesFor(parseWorkosEvent(deleted))[0]!)).toEqual({ apply: false, reason: 'already-deleted' });
  });

  it('keeps a tombstone when an update arrives after the delete (no resurrection), even a newer-looking one', () => {
    const state = fold([created, deleted, updated]);
    expect(state.get(USER)).toMatchObject({ deletedAtUs: parseTimestampUs(at(3)), lastEventId: deleted.id });
    const lateUpdate = event('dsync.user.updated', directoryUser('directory_user_1', at(10), { first_name: 'zombie' }));
    expect(fold([lateUpdate], state).get(USER)).toMatchObject({ deletedAtUs: parseTimestampUs(at(3)), lastEventId: deleted.id });
  });

  it('records a tombstone for a delete seen before anything else, blocking the older create that follows', () => {
    const state = fold([deleted, created, updated]);
    expect(state.get(USER)).toMatchObject({ deletedAtUs: parseTimestampUs(at(3)), data: { state: 'inactive' } });
  });

  it('lets only a .created newer than the tombstone revive the row', () => {
    const recreated = event('dsync.user.created', directoryUser('directory_user_1', at(20), { first_name: 'again' }));
    const state = fold([created, deleted, recreated]);
    expect(state.get(USER)).toMatchObject({ deletedAtUs: null, data: { first_name: 'again' } });
    expect(decideWrite({ versionUs: 1, deletedAtUs: 5 }, mirrorChangesFor(parseWorkosEvent(recreated))[0]!)).toEqual({ apply: true, reason: 'revive' });
  });

  it('orders membership add/remove by event created_at, since those payloads have no updated_at', () => {
    const data = membershipData(directoryUser('directory_user_1', at(1)), directoryGroup('directory_group_1', at(1)));
    const added = event('dsync.group.user_added', data, at(5));
    const removed = event('dsync.group.user_removed', data, at(6));
    const readded = event('dsync.group.user_added', data, at(7));
    expect(fold([added, removed]).get(MEMBERSHIP)?.deletedAtUs).toBe(parseTimestampUs(at(6)));
    // Removal first, then the older add: the add is stale against the tombstone.
    expect(fold([removed, added]).get(MEMBERSHIP)?.deletedAtUs).toBe(parseTimestampUs(at(6)));
    // A later add brings the member back (membership deletes are not final)...
    expect(fold([added, removed, readded]).get(MEMBERSHIP)).toMatchObject({ deletedAtUs: null, lastEventId: readded.id });
    // ...and a replay of the old removal does not undo it.
    expect(fold([added, removed, readded, removed]).get(MEMBERSHIP)).toMatchObject({ deletedAtUs: null });
    // A removal newer than the tombstone moves it forward, so an add in between stays out.
    const removedAgain = event('dsync.group.user_removed', data, at(8));
    expect(fold([removed, removedAgain, readded]).get(MEMBERSHIP)?.deletedAtUs).toBe(parseTimestampUs(at(8)));
  });

  it('does not let a membership event embedding an older user overwrite a newer one', () => {
    const data = membershipData(directoryUser('directory_user_1', at(1), { first_name: 'v1' }), directoryGroup('directory_group_1', at(1)));
    const state = fold([updated, event('dsync.group.user_added', data, at(9))]);
    expect(state.get(USER)).toMatchObject({ data: { first_name: 'v2' }, lastEventId: updated.id });
  });

  it('decides equal versions as duplicates and older as stale', () => {
    const change = mirrorChangesFor(parseWorkosEvent(updated))[0]!;
    const v = change.versionUs;
    expect(decideWrite(undefined, change)).toEqual({ apply: true, reason: 'insert' });
    expect(decideWrite({ versionUs: v, deletedAtUs: null }, change)).toEqual({ apply: false, reason: 'duplicate' });
    expect(decideWrite({ versionUs: v + 1, deletedAtUs: null }, change)).toEqual({ apply: false, reason: 'stale' });
    expect(decideWrite({ versionUs: v - 1, deletedAtUs: null }, change)).toEqual({ apply: true, reason: 'newer' });
  });
});

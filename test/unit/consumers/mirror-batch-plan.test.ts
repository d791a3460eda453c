import { describe, expect, it } from 'vitest';
import { planMirrorBatch, rowKey, type MirrorWrite } from '../../../consumers/directory-mirror/mirror-batch-plan.js';
import type { ProgressMark } from '../../../consumers/directory-mirror/mirror-change.js';
import { mirrorChangesFor } from '../../../consumers/directory-mirror/mirror-handler.js';
import { applyToState, decideWrite, rowImageOf, type RowImage, type StoredVersion } from '../../../consumers/directory-mirror/updated-at-guard.js';
import { parseWorkosEvent, type WorkosEvent } from '../../../consumers/events/workos-event.js';
import { at, directoryGroup, directoryUser, event, membershipData } from './fixtures/workos-events.js';

function writesOf(events: readonly WorkosEvent[], partitionOf: (i: number) => number = () => 0): MirrorWrite[] {
  return events.map((e, i) => ({
    changes: mirrorChangesFor(parseWorkosEvent(e)),
    progress: { consumer: 'g', topic: 't', partition: partitionOf(i), offset: String(i), eventId: e.id },
  }));
}

/** The state the plan leaves: the stored rows overwritten by the plan's row images. */
function stateAfterPlan(before: ReadonlyMap<string, RowImage>, writes: readonly MirrorWrite[]): Map<string, RowImage> {
  const stored = new Map<string, StoredVersion>([...before].map(([key, row]) => [key, { versionUs: row.versionUs, deletedAtUs: row.deletedAtUs }]));
  const next = new Map(before);
  for (const change of planMirrorBatch(writes, stored).rows) next.set(rowKey(change), rowImageOf(change));
  return next;
}

describe('planMirrorBatch', () => {
  const data = membershipData(directoryUser('directory_user_1', at(1)), directoryGroup('directory_group_1', at(1)));
  const stream = [
    event('dsync.user.created', directoryUser('directory_user_1', at(1), { first_name: 'v1' })),
    event('dsync.user.updated', directoryUser('directory_user_1', at(3), { first_name: 'v3' })),
    event('dsync.user.updated', directoryUser('directory_user_1', at(2), { first_name: 'v2-late' })),
    event('dsync.group.created', directoryGroup('directory_group_1', at(1))),
    event('dsync.group.user_added', data, at(5)),
    event('dsync.group.user_removed', data, at(6)),
    event('dsync.group.user_added', data, at(7)),
    event('dsync.user.deleted', directoryUser('directory_user_1', at(3), { state: 'inactive' }), at(8)),
    event('dsync.user.updated', directoryUser('directory_user_1', at(9), { first_name: 'zombie' })),
    event('authentication.sso_succeeded', { user_id: 'x' }),
  ];

  it('ends with the same rows as applying the events one by one, for every split point', () => {
    const sequential = applyToState(new Map(), stream.flatMap((e) => mirrorChangesFor(parseWorkosEvent(e))));
    for (let split = 0; split <= stream.length; split += 1) {
      const first = stateAfterPlan(new Map(), writesOf(stream.slice(0, split)));
      expect(stateAfterPlan(first, writesOf(stream.slice(split)))).toEqual(sequential);
    }
  });

  it('gives each change the verdict the sequential guard gives it', () => {
    const plan = planMirrorBatch(writesOf(stream), new Map());
    let state = new Map<string, RowImage>();
    const expected = stream.map((e) =>
      mirrorChangesFor(parseWorkosEvent(e)).map((change) => {
        const decision = decideWrite(state.get(rowKey(change)), change);
        state = applyToState(state, [change]);
        return { table: change.table, id: change.id, decision };
      }),
    );
    expect(plan.applied).toEqual(expected);
    expect(plan.applied[2]?.[0]?.decision.reason).toBe('stale');
    expect(plan.applied[8]?.[0]?.decision.reason).toBe('tombstoned');
    expect(plan.applied[9]).toEqual([]);
  });

  it('writes each touched entity once, with its last applied change, and skips entities nothing changed', () => {
    const plan = planMirrorBatch(writesOf(stream), new Map());
    expect(plan.rows.map(rowKey)).toEqual(['directory_users:directory_user_1', 'directory_groups:directory_group_1', 'group_memberships:directory_group_1:directory_user_1']);
    expect(plan.rows[0]?.eventId).toBe(stream[7]?.id);
    const stored = new Map([['directory_users:directory_user_1', { versionUs: Number.MAX_SAFE_INTEGER, deletedAtUs: null }]]);
    const onlyUser = planMirrorBatch(writesOf(stream.slice(0, 3)), stored);
    expect(onlyUser.rows).toEqual([]);
  });

  it('keeps the last progress mark of each partition', () => {
    const plan = planMirrorBatch(writesOf(stream, (i) => i % 3), new Map());
    const marks = plan.progress.map((mark: ProgressMark) => [mark.partition, mark.offset]);
    expect(marks.sort()).toEqual([
      [0, '9'],
      [1, '7'],
      [2, '8'],
    ]);
    expect(planMirrorBatch([{ changes: [] }], new Map()).progress).toEqual([]);
  });
});

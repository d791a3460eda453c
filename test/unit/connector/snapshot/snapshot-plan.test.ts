import { describe, expect, it } from 'vitest';
import {
  afterPage,
  expand,
  fullSnapshotPlan,
  nextTask,
  organizationSnapshotPlan,
  restartList,
  type ClosedScope,
  type ListTask,
  type SnapshotPlanState,
  type SnapshotRow,
} from '../../../../connector/snapshot/snapshot-plan.js';

type Item = Record<string, unknown>;

/** A tiny WorkOS: two organizations, directories with users and groups, memberships, connections, users. */
function world(): Record<string, Item[]> {
  const lists: Record<string, Item[]> = {
    organization: [{ id: 'org_1' }, { id: 'org_2' }],
    user: Array.from({ length: 5 }, (_, i) => ({ id: `user_${i}` })),
    'directory|organization_id=org_1': [{ id: 'dir_1', organization_id: 'org_1' }],
    'directory|organization_id=org_2': [],
    'directory_user|directory=dir_1': Array.from({ length: 7 }, (_, i) => ({ id: `du_${i}`, directory_id: 'dir_1', organization_id: 'org_1' })),
    'directory_group|directory=dir_1': [{ id: 'grp_1', organization_id: 'org_1' }, { id: 'grp_2', organization_id: 'org_1' }],
    'directory_group_membership|group=grp_1': [{ id: 'du_0', directory_id: 'dir_1', organization_id: 'org_1' }, { id: 'du_1', directory_id: 'dir_1', organization_id: 'org_1' }],
    'directory_group_membership|group=grp_2': [],
    'organization_membership|organization_id=org_1&statuses=active,inactive,pending': [{ id: 'om_1', organization_id: 'org_1' }],
    'organization_membership|organization_id=org_2&statuses=active,inactive,pending': [{ id: 'om_2', organization_id: 'org_2' }],
    'connection|organization_id=org_1': [],
    'connection|organization_id=org_2': [{ id: 'conn_1', organization_id: 'org_2' }],
  };
  return lists;
}

/** One page of `limit` items after `after`, as a list endpoint answers. */
function page(lists: Record<string, Item[]>, task: ListTask, limit: number): { items: Item[]; nextAfter: string | null } {
  const filter = Object.entries(task.filter).map(([k, v]) => `${k}=${v}`).join('&');
  const all = lists[filter === '' ? task.entity : `${task.entity}|${filter}`];
  if (all === undefined) throw new Error(`no list ${task.entity} ${filter}`);
  const start = task.after === undefined ? 0 : all.findIndex((item) => item.id === task.after) + 1;
  const items = all.slice(start, start + limit);
  const more = start + limit < all.length;
  return { items, nextAfter: more ? String(items.at(-1)?.id) : null };
}

interface Outcome {
  rows: SnapshotRow[];
  closed: ClosedScope[];
  /** Rows and closed scopes in the order they were produced. */
  log: ((SnapshotRow & { kind: 'row' }) | (ClosedScope & { kind: 'closed' }))[];
  requests: number;
}

/** Runs the plan to its end; `checkpoint` sees the state after every step (as stored with the step's records). */
function run(start: SnapshotPlanState, limit: number, checkpoint: (state: SnapshotPlanState) => void = () => undefined): Outcome {
  const lists = world();
  const outcome: Outcome = { rows: [], closed: [], log: [], requests: 0 };
  let state = start;
  for (let task = nextTask(state); task !== undefined; task = nextTask(state)) {
    let step;
    if (task.kind === 'list') {
      outcome.requests += 1;
      const { items, nextAfter } = page(lists, task, limit);
      step = afterPage(state, items, nextAfter);
    } else step = expand(state);
    outcome.rows.push(...step.rows);
    outcome.closed.push(...step.closed);
    outcome.log.push(...step.rows.map((row) => ({ ...row, kind: 'row' as const })), ...step.closed.map((scope) => ({ ...scope, kind: 'closed' as const })));
    // What the cursor topic stores is JSON: resume from exactly that.
    state = JSON.parse(JSON.stringify(step.state)) as SnapshotPlanState;
    checkpoint(state);
  }
  return outcome;
}

describe('the snapshot plan', () => {
  it('lists every entity once and closes every scope with the count it listed', () => {
    const { rows, closed } = run(fullSnapshotPlan(), 3);
    const ids = (entity: string) => rows.filter((row) => row.entity === entity).map((row) => row.data.id);
    expect(ids('organization')).toEqual(['org_1', 'org_2']);
    expect(ids('user')).toHaveLength(5);
    expect(ids('directory_user')).toEqual(['du_0', 'du_1', 'du_2', 'du_3', 'du_4', 'du_5', 'du_6']);
    expect(ids('directory_group_membership')).toEqual(['grp_1:du_0', 'grp_1:du_1']);
    expect(ids('connection')).toEqual(['conn_1']);
    const scope = (entity: string, org: string | null) => closed.find((c) => c.entity === entity && c.organizationId === org);
    expect(scope('directory_user', 'org_1')?.listed).toBe(7);
    expect(scope('directory_user', 'org_2')?.listed).toBe(0);
    expect(scope('organization', null)?.listed).toBe(2);
    expect(scope('user', null)?.listed).toBe(5);
    // 6 organization-scoped types × 2 organizations + 2 environment-wide types.
    expect(closed).toHaveLength(14);
  });

  it('closes an organization\'s scopes after every row of that organization, and the environment last', () => {
    const { log } = run(fullSnapshotPlan(), 2);
    for (const [index, entry] of log.entries()) {
      if (entry.kind !== 'closed') continue;
      const laterRows = log.slice(index + 1).filter((later) => later.kind === 'row' && later.entity === entry.entity);
      const sameScope = laterRows.filter((later) => entry.organizationId === null || later.organizationId === entry.organizationId);
      expect(sameScope).toEqual([]);
    }
    const firstEnvironmentClose = log.findIndex((entry) => entry.kind === 'closed' && entry.organizationId === null);
    expect(log.slice(firstEnvironmentClose).every((entry) => entry.kind === 'closed' && entry.organizationId === null)).toBe(true);
  });

  it('resumes from any checkpoint with the same rows and scopes and at most the page in hand read again', () => {
    const checkpoints: SnapshotPlanState[] = [];
    const whole = run(fullSnapshotPlan(), 2, (state) => checkpoints.push(state));
    expect(checkpoints.length).toBeGreaterThan(20);
    for (const [index, checkpoint] of checkpoints.entries()) {
      const before = runPrefix(index + 1);
      const after = run(checkpoint, 2);
      expect([...before.rows, ...after.rows]).toEqual(whole.rows);
      expect([...before.closed, ...after.closed]).toEqual(whole.closed);
      expect(before.requests + after.requests).toBe(whole.requests);
    }
  });

  it('snapshots one organization only', () => {
    const { rows, closed } = run(organizationSnapshotPlan('org_2'), 10);
    expect(rows.map((row) => row.data.id)).toEqual(['om_2', 'conn_1']);
    expect(closed.every((scope) => scope.organizationId === 'org_2')).toBe(true);
    expect(closed).toHaveLength(6);
  });

  it('restarts a list from its first page when its cursor is refused', () => {
    const state: SnapshotPlanState = { stack: [{ kind: 'list', entity: 'user', organizationId: null, filter: {}, after: 'user_2' }], listed: {} };
    expect(nextTask(restartList(state))).toEqual({ kind: 'list', entity: 'user', organizationId: null, filter: {} });
  });
});

/** The rows, scopes and requests of the first `steps` steps of a full run. */
function runPrefix(steps: number): Outcome {
  let taken = 0;
  const lists = world();
  const outcome: Outcome = { rows: [], closed: [], log: [], requests: 0 };
  let state = fullSnapshotPlan();
  for (let task = nextTask(state); task !== undefined && taken < steps; task = nextTask(state), taken += 1) {
    let step;
    if (task.kind === 'list') {
      outcome.requests += 1;
      const { items, nextAfter } = page(lists, task, 2);
      step = afterPage(state, items, nextAfter);
    } else step = expand(state);
    outcome.rows.push(...step.rows);
    outcome.closed.push(...step.closed);
    outcome.log.push(...step.rows.map((row) => ({ ...row, kind: 'row' as const })), ...step.closed.map((scope) => ({ ...scope, kind: 'closed' as const })));
    state = step.state;
  }
  return outcome;
}

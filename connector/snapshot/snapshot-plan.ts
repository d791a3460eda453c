/**
 * A snapshot as a stack of tasks, walked depth first. Pure: the runner pops a task, reads one
 * page for it (or none, for a task that only expands or completes), and this module says what
 * that page becomes: the rows to publish, the tasks it opens, the scopes it closes. The whole
 * stack is the checkpoint, stored with each page's records in one Kafka transaction, so a killed
 * snapshot resumes at the page it was reading and never re-publishes a finished one.
 *
 * Depth first keeps the checkpoint small: an organization's directories, users and groups are
 * finished before the next organization is opened, and organizations and directories expand
 * lazily, one task each until they are reached.
 */
import type { SnapshotEntity } from '../../schemas/snapshot-record.js';
import { ENVIRONMENT_SCOPED_ENTITIES, ORGANIZATION_SCOPED_ENTITIES } from './snapshot-entities.js';

/** One page stream of a list endpoint. */
export interface ListTask {
  readonly kind: 'list';
  readonly entity: SnapshotEntity;
  /** The scope's organization; null for environment-wide lists. */
  readonly organizationId: string | null;
  /** Filters as sent on the wire (`directory`, `group`, `organization_id`). */
  readonly filter: Readonly<Record<string, string>>;
  /** The `after` cursor of the next page; absent for the first page. */
  readonly after?: string;
}

/** An organization not yet opened: becomes its directories, memberships, connections and completion. */
export interface OrganizationTask {
  readonly kind: 'organization';
  readonly organizationId: string;
}

/** A directory not yet opened: becomes its users and its groups. */
export interface DirectoryTask {
  readonly kind: 'directory';
  readonly organizationId: string;
  readonly directoryId: string;
}

/** Closes scopes: one completion record per entity type of the organization (or of the environment). */
export interface CompleteTask {
  readonly kind: 'complete';
  readonly organizationId: string | null;
  readonly entities: readonly SnapshotEntity[];
}

/** A unit of snapshot work. */
export type SnapshotTask = ListTask | OrganizationTask | DirectoryTask | CompleteTask;

/** A row to publish: one entity as listed. */
export interface SnapshotRow {
  readonly entity: SnapshotEntity;
  readonly organizationId: string | null;
  readonly data: Readonly<Record<string, unknown>>;
}

/** A scope the step closed, with how many entities it listed. */
export interface ClosedScope {
  readonly entity: SnapshotEntity;
  readonly organizationId: string | null;
  readonly listed: number;
}

/** The snapshot's own state: what is left to do, and the running count per open scope. */
export interface SnapshotPlanState {
  /** Tasks still to do; the last one is done next. */
  readonly stack: readonly SnapshotTask[];
  /** Entities listed so far per open scope, keyed by {@link scopeKey}. */
  readonly listed: Readonly<Record<string, number>>;
}

/** What one step produced. */
export interface SnapshotStep {
  readonly state: SnapshotPlanState;
  readonly rows: readonly SnapshotRow[];
  readonly closed: readonly ClosedScope[];
}

/** The key of a scope in {@link SnapshotPlanState.listed}. */
export function scopeKey(entity: SnapshotEntity, organizationId: string | null): string {
  return `${entity}@${organizationId ?? '*'}`;
}

/** Every organization, every user, and everything inside each organization. */
export function fullSnapshotPlan(): SnapshotPlanState {
  const lists: SnapshotTask[] = ENVIRONMENT_SCOPED_ENTITIES.map((entity) => ({ kind: 'list', entity, organizationId: null, filter: {} }));
  return { stack: [{ kind: 'complete', organizationId: null, entities: ENVIRONMENT_SCOPED_ENTITIES }, ...lists.reverse()], listed: {} };
}

/** Everything inside one organization (its directories, their users, groups and memberships, its memberships and connections). */
export function organizationSnapshotPlan(organizationId: string): SnapshotPlanState {
  return { stack: [{ kind: 'organization', organizationId }], listed: {} };
}

/** The task done next, or undefined when the snapshot is complete. */
export function nextTask(state: SnapshotPlanState): SnapshotTask | undefined {
  return state.stack.at(-1);
}

/**
 * A step that needs no request: opening an organization or a directory, or closing scopes.
 * Throws for a list task, which needs its page (see {@link afterPage}).
 */
export function expand(state: SnapshotPlanState): SnapshotStep {
  const task = nextTask(state);
  if (task === undefined || task.kind === 'list') throw new Error(`expand() needs an organization, directory or complete task, got ${task?.kind}`);
  const rest = state.stack.slice(0, -1);
  if (task.kind === 'complete') {
    const listed = { ...state.listed };
    const closed = task.entities.map((entity): ClosedScope => {
      const key = scopeKey(entity, task.organizationId);
      const count = listed[key] ?? 0;
      delete listed[key];
      return { entity, organizationId: task.organizationId, listed: count };
    });
    return { state: { stack: rest, listed }, rows: [], closed };
  }
  return { state: { stack: [...rest, ...[...childrenOf(task)].reverse()], listed: state.listed }, rows: [], closed: [] };
}

/**
 * The step for the page a list task read: its rows, the tasks its items open (done before the
 * list's next page, depth first), and the list itself again while `nextAfter` says more follow.
 */
export function afterPage(state: SnapshotPlanState, items: readonly Readonly<Record<string, unknown>>[], nextAfter: string | null): SnapshotStep {
  const task = nextTask(state);
  if (task?.kind !== 'list') throw new Error(`afterPage() needs a list task, got ${task?.kind}`);
  const rows = items.map((item) => rowOf(task, item));
  const opened = items.flatMap((item) => openedBy(task, item));
  const stack = [...state.stack.slice(0, -1)];
  if (nextAfter !== null) stack.push({ ...task, after: nextAfter });
  stack.push(...opened.reverse());
  const key = scopeKey(task.entity, task.organizationId);
  const listed = { ...state.listed, [key]: (state.listed[key] ?? 0) + rows.length };
  return { state: { stack, listed }, rows, closed: [] };
}

/** The same list again from its first page (its `after` cursor was refused). */
export function restartList(state: SnapshotPlanState): SnapshotPlanState {
  const task = nextTask(state);
  if (task?.kind !== 'list') throw new Error(`restartList() needs a list task, got ${task?.kind}`);
  const { after: _refused, ...fromStart } = task;
  return { ...state, stack: [...state.stack.slice(0, -1), fromStart] };
}

/** Every organization membership status, so the snapshot lists pending and inactive ones too. */
const MEMBERSHIP_STATUSES = 'active,inactive,pending';

function childrenOf(task: OrganizationTask | DirectoryTask): SnapshotTask[] {
  const { organizationId } = task;
  if (task.kind === 'directory') {
    const filter = { directory: task.directoryId };
    return [
      { kind: 'list', entity: 'directory_user', organizationId, filter },
      { kind: 'list', entity: 'directory_group', organizationId, filter },
    ];
  }
  const filter = { organization_id: organizationId };
  return [
    { kind: 'list', entity: 'directory', organizationId, filter },
    // Without `statuses` WorkOS lists only active memberships; the diff would then delete the rest.
    { kind: 'list', entity: 'organization_membership', organizationId, filter: { ...filter, statuses: MEMBERSHIP_STATUSES } },
    { kind: 'list', entity: 'connection', organizationId, filter },
    { kind: 'complete', organizationId, entities: ORGANIZATION_SCOPED_ENTITIES },
  ];
}

/** The tasks one listed item opens: an organization's contents, a directory's, a group's members. */
function openedBy(task: ListTask, item: Readonly<Record<string, unknown>>): SnapshotTask[] {
  const id = typeof item.id === 'string' ? item.id : undefined;
  if (id === undefined) return [];
  if (task.entity === 'organization') return [{ kind: 'organization', organizationId: id }];
  if (task.organizationId === null) return [];
  if (task.entity === 'directory') return [{ kind: 'directory', organizationId: task.organizationId, directoryId: id }];
  if (task.entity === 'directory_group') {
    return [{ kind: 'list', entity: 'directory_group_membership', organizationId: task.organizationId, filter: { group: id } }];
  }
  return [];
}

/**
 * The published row for a listed item. Group memberships have no object of their own in WorkOS:
 * listing a group's users yields one membership row per user, shaped as the mirror keeps it.
 */
function rowOf(task: ListTask, item: Readonly<Record<string, unknown>>): SnapshotRow {
  if (task.entity !== 'directory_group_membership') return { entity: task.entity, organizationId: task.organizationId, data: item };
  const groupId = task.filter.group ?? '';
  const userId = typeof item.id === 'string' ? item.id : '';
  return {
    entity: task.entity,
    organizationId: task.organizationId,
    data: {
      object: 'directory_group_membership',
      id: `${groupId}:${userId}`,
      directory_id: item.directory_id ?? null,
      group_id: groupId,
      directory_user_id: userId,
      organization_id: item.organization_id ?? task.organizationId,
    },
  };
}

/**
 * WorkOS's current state as its list endpoints give it, read page by page through the same
 * request budget, retries and raw `get` as a snapshot, but kept in memory as one small row per
 * entity (id, `updated_at`, organization) for a reconciliation to compare with.
 */
import type { SnapshotEntity } from '../../schemas/snapshot-record.js';
import type { WorkosRequestDeps } from '../workos-request.js';
import { fetchListPage } from './list-reader.js';
import { afterPage, expand, fullSnapshotPlan, nextTask, type SnapshotPlanState } from './snapshot-plan.js';

/** What a reconciliation needs of one entity. */
export interface StateRow {
  /** `updated_at` as WorkOS sent it; '' for objects without one (group memberships). */
  readonly updatedAt: string;
  readonly organizationId: string | null;
}

/** Every entity WorkOS lists, per type, by id. */
export type WorkosState = Record<SnapshotEntity, Map<string, StateRow>>;

/**
 * Walks the same plan a full snapshot walks (every organization and user, each organization's
 * directories, their users, groups and memberships, its memberships and connections) and keeps
 * one {@link StateRow} per listed entity.
 */
export async function readWorkosState(deps: WorkosRequestDeps, signal?: AbortSignal): Promise<WorkosState> {
  const state = {} as WorkosState;
  let plan: SnapshotPlanState = fullSnapshotPlan();
  for (let task = nextTask(plan); task !== undefined; task = nextTask(plan)) {
    const step = task.kind === 'list' ? afterPage(plan, ...(await pageOf(deps, task, signal))) : expand(plan);
    for (const row of step.rows) {
      const rows = (state[row.entity] ??= new Map());
      const organizationId = typeof row.data.organization_id === 'string' ? row.data.organization_id : row.organizationId;
      rows.set(String(row.data.id), { updatedAt: typeof row.data.updated_at === 'string' ? row.data.updated_at : '', organizationId });
    }
    plan = step.state;
  }
  return state;
}

async function pageOf(deps: WorkosRequestDeps, task: Parameters<typeof fetchListPage>[1], signal?: AbortSignal): Promise<[readonly Readonly<Record<string, unknown>>[], string | null]> {
  const page = await fetchListPage(deps, task, signal);
  return [page.items, page.nextAfter];
}

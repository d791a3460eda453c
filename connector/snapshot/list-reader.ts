/**
 * Reads one page of a WorkOS list endpoint for a snapshot task: `limit=100`, oldest first, after
 * the task's cursor. Raw JSON through the SDK's `get`, like the events, so fields the SDK does
 * not model reach Kafka unchanged.
 */
import { ConnectorError } from '../../core/errors.js';
import { isJsonObject } from '../../core/workos-event.js';
import type { SnapshotEntity } from '../../schemas/snapshot-record.js';
import { getFromWorkos, type WorkosQuery, type WorkosRequestDeps } from '../workos-request.js';
import type { ListTask } from './snapshot-plan.js';

/** WorkOS's largest list page. */
export const LIST_PAGE_LIMIT = 100;

/** The list endpoint of each entity type (group memberships are read as a group's users). */
export const LIST_PATHS: Readonly<Record<SnapshotEntity, string>> = Object.freeze({
  organization: '/organizations',
  user: '/user_management/users',
  directory: '/directories',
  directory_user: '/directory_users',
  directory_group: '/directory_groups',
  directory_group_membership: '/directory_users',
  organization_membership: '/user_management/organization_memberships',
  connection: '/connections',
});

/** One page: its items, and the cursor of the next page (null when this was the last). */
export interface ListPage {
  readonly items: readonly Readonly<Record<string, unknown>>[];
  readonly nextAfter: string | null;
}

/** Fetches the page `task` stands at. */
export async function fetchListPage(deps: WorkosRequestDeps, task: ListTask, signal?: AbortSignal): Promise<ListPage> {
  const query: WorkosQuery = { limit: LIST_PAGE_LIMIT, order: 'asc', ...task.filter };
  if (task.after !== undefined) query.after = task.after;
  const body = await getFromWorkos(deps, LIST_PATHS[task.entity], query, signal, (answer) => {
    if (isJsonObject(answer) && Array.isArray(answer.data)) return answer as { data: unknown[]; list_metadata?: unknown };
    throw new ConnectorError(`WorkOS answered ${LIST_PATHS[task.entity]} without a data array`, { code: 'WORKOS_BAD_RESPONSE', retriable: true });
  });
  const items = body.data.filter(isJsonObject);
  if (items.length !== body.data.length || items.some((item) => typeof item.id !== 'string' || item.id === '')) {
    throw new ConnectorError(`WorkOS listed an item without an id at ${LIST_PATHS[task.entity]}`, { code: 'INVALID_EVENT' });
  }
  const after = isJsonObject(body.list_metadata) ? body.list_metadata.after : null;
  return { items, nextAfter: typeof after === 'string' && after !== '' && items.length > 0 ? after : null };
}

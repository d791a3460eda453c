import { directoriesList, directoryGroupsList, directoryUsersList, legacyDirectoryGroupsList, legacyDirectoryUsersList } from './directory-lists.js';
import type { StateListEndpoint } from './list-endpoint.js';
import { connectionsList, organizationsList } from './organization-lists.js';
import { organizationMembershipsList, usersList } from './user-management-lists.js';

/** Every emulated state list endpoint. */
export const STATE_LIST_ENDPOINTS: readonly StateListEndpoint[] = [
  organizationsList,
  directoriesList,
  legacyDirectoryUsersList,
  directoryUsersList,
  legacyDirectoryGroupsList,
  directoryGroupsList,
  usersList,
  organizationMembershipsList,
  connectionsList,
];

/** A matched route: the endpoint and its decoded `:id` segment, if the route has one. */
export interface MatchedRoute {
  readonly endpoint: StateListEndpoint;
  readonly pathId: string | null;
}

/** The state list endpoint serving `pathname` (a trailing slash is tolerated), or `null`. */
export function matchStateList(pathname: string): MatchedRoute | null {
  const segments = pathname.split('/').filter((s) => s.length > 0);
  for (const endpoint of STATE_LIST_ENDPOINTS) {
    const template = endpoint.route.split('/').filter((s) => s.length > 0);
    if (template.length !== segments.length) continue;
    let pathId: string | null = null;
    const matches = template.every((part, i) => {
      const segment = segments[i] as string;
      if (part !== ':id') return part === segment;
      pathId = safeDecode(segment);
      return pathId !== null;
    });
    if (matches) return { endpoint, pathId };
  }
  return null;
}

function safeDecode(segment: string): string | null {
  try {
    return decodeURIComponent(segment);
  } catch {
    return null;
  }
}

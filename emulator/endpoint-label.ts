import { matchStateList } from './state/list-routes.js';

/**
 * The label a request is counted under in the request statistics: the route template of the
 * endpoint it reached (`/events`, `/directories/:id/users`, …), or its bare path when none.
 * @param rawUrl path and query as received, e.g. `/directories/directory_01H…/users?limit=5`.
 */
export function endpointLabel(rawUrl: string): string {
  let pathname: string;
  try {
    pathname = new URL(rawUrl, 'http://emulator.invalid').pathname;
  } catch {
    return rawUrl;
  }
  if (pathname === '/events' || pathname === '/events/') return '/events';
  return matchStateList(pathname)?.endpoint.route ?? pathname;
}

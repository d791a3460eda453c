import type { JsonObject } from '../event-types.js';
import { selected } from './list-endpoint.js';
import type { StateListEndpoint } from './list-endpoint.js';
import { filterValue, filterValues } from './list-params.js';

/** `GET /organizations`: filter `domains` (any of them matches). */
export const organizationsList: StateListEndpoint = {
  route: '/organizations',
  table: (world) => world.organizations,
  select: ({ world, params }) => {
    const wanted = new Set(filterValues(params, 'domains').map((d) => d.toLowerCase()));
    return selected(world.organizations.listed((org) => wanted.size === 0 || domainNames(org).some((d) => wanted.has(d))));
  },
};

/** `GET /connections` (SSO): filters `organization_id`, `connection_type`, `domain`. */
export const connectionsList: StateListEndpoint = {
  route: '/connections',
  table: (world) => world.connections,
  select: ({ world, params }) => {
    const orgId = filterValue(params, 'organization_id');
    const type = filterValue(params, 'connection_type');
    const domain = filterValue(params, 'domain')?.toLowerCase() ?? null;
    return selected(
      world.connections.listed(
        (c) => (orgId === null || c['organization_id'] === orgId) && (type === null || c['connection_type'] === type) && (domain === null || domainNames(c).includes(domain)),
      ),
    );
  },
};

/** Lower-cased names in an object's `domains` array (organization and connection domains alike). */
export function domainNames(item: JsonObject): string[] {
  const domains = item['domains'];
  if (!Array.isArray(domains)) return [];
  return domains.flatMap((d: unknown) => {
    const name = typeof d === 'string' ? d : typeof d === 'object' && d !== null ? (d as JsonObject)['domain'] : undefined;
    return typeof name === 'string' ? [name.toLowerCase()] : [];
  });
}

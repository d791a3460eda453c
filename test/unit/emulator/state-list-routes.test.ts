import { describe, expect, it } from 'vitest';
import { endpointLabel } from '../../../emulator/endpoint-label.js';
import { RequestStats } from '../../../emulator/request-stats.js';
import { filterValues } from '../../../emulator/state/list-params.js';
import { matchStateList } from '../../../emulator/state/list-routes.js';
import { PerKeyRateLimit } from '../../../emulator/state/per-key-rate-limit.js';

describe('state list routes', () => {
  it('matches fixed and per-directory routes, with the decoded directory id', () => {
    expect(matchStateList('/organizations')?.endpoint.route).toBe('/organizations');
    expect(matchStateList('/directory_users/')?.endpoint.route).toBe('/directory_users');
    expect(matchStateList('/directories/directory_%31/users')).toMatchObject({ endpoint: { route: '/directories/:id/users' }, pathId: 'directory_1' });
    expect(matchStateList('/directories/d/groups')?.endpoint.route).toBe('/directories/:id/groups');
    expect(matchStateList('/directories/d/other')).toBeNull();
    expect(matchStateList('/events')).toBeNull();
  });

  it('labels requests by route template for the statistics', () => {
    expect(endpointLabel('/events?after=x')).toBe('/events');
    expect(endpointLabel('/directories/directory_9/users?limit=3')).toBe('/directories/:id/users');
    expect(endpointLabel('/user_management/organization_memberships?user_id=u')).toBe('/user_management/organization_memberships');
    expect(endpointLabel('/nope?x=1')).toBe('/nope');
  });

  it('reads multi-valued filters comma-joined, repeated and with []', () => {
    expect(filterValues(new URLSearchParams('domains=a.com%2Cb.com&domains=c.com&domains[]=d.com'), 'domains')).toEqual(['a.com', 'b.com', 'c.com', 'd.com']);
  });
});

describe('RequestStats per endpoint', () => {
  it('counts per endpoint and outcome, next to the global counts', () => {
    const stats = new RequestStats();
    const record = (endpoint: string | undefined, outcome: 200 | 429, url = '/x') => stats.record({ method: 'GET', url, outcome, requestId: 'r', ids: [], ...(endpoint ? { endpoint } : {}) });
    record('/events', 200);
    record('/directory_users', 200);
    record('/directory_users', 429);
    record(undefined, 200, '/other?limit=1');
    expect(stats.countFor('/directory_users')).toBe(2);
    expect(stats.countFor('/directory_users', 429)).toBe(1);
    expect(stats.countFor('/other')).toBe(1);
    expect(stats.count(200)).toBe(3);
    expect(stats.byEndpoint()).toEqual({ '/events': { '200': 1 }, '/directory_users': { '200': 1, '429': 1 }, '/other': { '200': 1 } });
    stats.reset();
    expect(stats.countFor('/events')).toBe(0);
  });
});

describe('PerKeyRateLimit', () => {
  it('admits perSecond requests per key within a sliding second, then asks to wait', () => {
    let now = 0;
    const limit = new PerKeyRateLimit(() => now);
    for (let i = 0; i < 4; i += 1) expect(limit.take('dir_a', 4)).toBeNull();
    expect(limit.take('dir_a', 4)).toBe(1);
    expect(limit.take('dir_b', 4)).toBeNull(); // Keys are independent.
    now = 999;
    expect(limit.take('dir_a', 4)).toBe(1);
    now = 1000;
    expect(limit.take('dir_a', 4)).toBeNull();
  });
});

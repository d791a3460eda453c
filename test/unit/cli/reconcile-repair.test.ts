import { describe, expect, it } from 'vitest';
import { repairScopes } from '../../../cli/reconcile-repair.js';

const scope = (table: Parameters<typeof repairScopes>[0][number]['table'], organizationId: string | null) => ({ table, organizationId, missing: 1, extra: 0, stale: 0 });

describe('repairScopes', () => {
  it('requests nothing without drift', () => {
    expect(repairScopes([])).toEqual([]);
  });

  it('requests each drifting organization once, in order', () => {
    expect(repairScopes([scope('directory_users', 'org_b'), scope('group_memberships', 'org_a'), scope('connections', 'org_b')])).toEqual(['org_a', 'org_b']);
  });

  it('requests one snapshot of everything when an environment-wide table drifts', () => {
    expect(repairScopes([scope('directory_users', 'org_b'), scope('users', null)])).toEqual([null]);
    expect(repairScopes([scope('organizations', 'org_a')])).toEqual([null]);
  });
});

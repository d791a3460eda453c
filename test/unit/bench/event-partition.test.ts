import { describe, expect, it } from 'vitest';
import { partitionOf } from '../../../bench/event-partition.js';

describe('partitionOf', () => {
  it('hashes the key with the Java-compatible murmur2 (key "foobar" → -790332482 → 6 of 12)', () => {
    // An organization event is keyed by data.id.
    expect(partitionOf({ event: 'organization.updated', data: { id: 'foobar' } }, 12)).toBe(6);
    expect(partitionOf({ event: 'organization.updated', data: { id: '21' } }, 12)).toBe(0);
  });

  it('puts every event of one organization in one partition, within range', () => {
    const org = 'org_01EHZNVPK3SFK441A1RGBFSHRT';
    const partitions = new Set([
      partitionOf({ event: 'organization.updated', data: { id: org } }, 12),
      partitionOf({ event: 'dsync.user.created', data: { id: 'directory_user_1', organization_id: org } }, 12),
      partitionOf({ event: 'organization_membership.created', data: { id: 'om_1', organization_id: org } }, 12),
    ]);
    expect(partitions.size).toBe(1);
    const [partition] = partitions;
    expect(partition).toBeGreaterThanOrEqual(0);
    expect(partition).toBeLessThan(12);
    expect(partitionOf({ event: 'organization.updated', data: { id: 'foobar' } }, 3)).toBe((-790332482 & 0x7fffffff) % 3);
  });
});

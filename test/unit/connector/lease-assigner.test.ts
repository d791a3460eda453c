import kafkajs from 'kafkajs';
import type { Cluster } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { chooseLeaseOwner, leaseAssigner } from '../../../connector/lease/lease-assigner.js';

const { AssignerProtocol } = kafkajs;

describe('chooseLeaseOwner', () => {
  it('keeps the lease with its holder when a replica (re)joins', () => {
    expect(
      chooseLeaseOwner([
        { memberId: 'a', claim: { active: false, since: 1 } },
        { memberId: 'b', claim: { active: true, since: 50 } },
        { memberId: 'c', claim: undefined },
      ]),
    ).toBe('b');
  });

  it('gives a free lease to the standby waiting longest; members without a claim come last', () => {
    expect(
      chooseLeaseOwner([
        { memberId: 'a', claim: undefined },
        { memberId: 'b', claim: { active: false, since: 30 } },
        { memberId: 'c', claim: { active: false, since: 20 } },
      ]),
    ).toBe('c');
    expect(chooseLeaseOwner([{ memberId: 'z', claim: undefined }, { memberId: 'y', claim: undefined }])).toBe('y');
    expect(chooseLeaseOwner([])).toBeUndefined();
  });

  it('between two claimed holders, keeps the one given the lease last (the other was evicted without noticing)', () => {
    expect(
      chooseLeaseOwner([
        { memberId: 'old', claim: { active: true, since: 10 } },
        { memberId: 'new', claim: { active: true, since: 90 } },
      ]),
    ).toBe('new');
  });
});

describe('leaseAssigner', () => {
  it('assigns every partition to the holder and nothing to the others, through kafkajs encodings', async () => {
    const cluster = { findTopicPartitionMetadata: () => [{ partitionId: 0 }] } as unknown as Cluster;
    const member = (memberId: string, active: boolean, since: number) => ({
      memberId,
      memberMetadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics: ['control'], userData: Buffer.from(JSON.stringify({ active, since })) }),
    });
    const assigner = leaseAssigner(() => ({ active: false, since: 0 }))({ cluster, groupId: 'g', logger: {} as never });
    const assignments = await assigner.assign({ members: [member('a', false, 1), member('b', true, 5)], topics: ['control'] });
    const decoded = Object.fromEntries(assignments.map((entry) => [entry.memberId, AssignerProtocol.MemberAssignment.decode(entry.memberAssignment)?.assignment]));
    expect(decoded).toEqual({ a: {}, b: { control: [0] } });
    const protocol = assigner.protocol({ topics: ['control'] });
    expect(JSON.parse(AssignerProtocol.MemberMetadata.decode(protocol.metadata)?.userData.toString() ?? '')).toEqual({ active: false, since: 0 });
  });
});

/**
 * The partition assigner of the connector's lease group. Replicas of one connector name are
 * members of one consumer group on the one-partition control topic; the member that owns
 * partition 0 is the active replica. kafkajs' round-robin assigner would hand that partition to
 * whichever member sorts first at every rebalance, so each replica that (re)starts could take the
 * lease from a healthy active one. This assigner is sticky: each member says in its metadata
 * whether it holds the lease now, and the holder keeps it; only without a holder does it go to
 * the longest-waiting member.
 */
import kafkajs from 'kafkajs';
import type { Assigner, GroupMember, GroupMemberAssignment, PartitionAssigner } from 'kafkajs';

const { AssignerProtocol } = kafkajs;

/** The assigner's protocol name; every replica must use the same one to join the group. */
export const LEASE_ASSIGNER_NAME = 'workos-kafka-lease';

/** What a member tells the group leader about itself. */
export interface LeaseClaim {
  /** It holds the lease now (it owned partition 0 at the last assignment and has not lost it). */
  readonly active: boolean;
  /** Epoch ms: when it was given the lease (active), or when it began waiting (standby). */
  readonly since: number;
}

/**
 * The member to own partition 0: the holder; if two claim it (one was evicted while paused and
 * has not noticed yet), the one given it last, by the rebalance that evicted the other; without
 * a holder, the standby waiting longest. Ties go by member id.
 */
export function chooseLeaseOwner(members: readonly { memberId: string; claim: LeaseClaim | undefined }[]): string | undefined {
  const ranked = [...members].sort((a, b) => {
    const activeA = a.claim?.active === true;
    const activeB = b.claim?.active === true;
    if (activeA !== activeB) return activeA ? -1 : 1;
    const sinceA = a.claim?.since ?? Number.MAX_SAFE_INTEGER;
    const sinceB = b.claim?.since ?? Number.MAX_SAFE_INTEGER;
    const bySince = activeA ? sinceB - sinceA : sinceA - sinceB;
    return bySince !== 0 ? bySince : a.memberId.localeCompare(b.memberId);
  });
  return ranked[0]?.memberId;
}

function decodeClaim(member: GroupMember): LeaseClaim | undefined {
  try {
    const metadata = AssignerProtocol.MemberMetadata.decode(member.memberMetadata);
    const parsed = JSON.parse(metadata?.userData.toString('utf8') ?? '') as Partial<LeaseClaim>;
    return typeof parsed.active === 'boolean' && typeof parsed.since === 'number' ? { active: parsed.active, since: parsed.since } : undefined;
  } catch {
    return undefined;
  }
}

/** A kafkajs assigner that gives every partition of the subscribed topics to {@link chooseLeaseOwner}'s pick. */
export function leaseAssigner(claim: () => LeaseClaim): PartitionAssigner {
  return ({ cluster }): Assigner => ({
    name: LEASE_ASSIGNER_NAME,
    version: 1,
    protocol({ topics }) {
      return { name: LEASE_ASSIGNER_NAME, metadata: AssignerProtocol.MemberMetadata.encode({ version: 1, topics, userData: Buffer.from(JSON.stringify(claim())) }) };
    },
    async assign({ members, topics }): Promise<GroupMemberAssignment[]> {
      const owner = chooseLeaseOwner(members.map((member) => ({ memberId: member.memberId, claim: decodeClaim(member) })));
      const assignment: Record<string, number[]> = {};
      for (const topic of topics) assignment[topic] = cluster.findTopicPartitionMetadata(topic).map((partition) => partition.partitionId);
      return members.map((member) => ({
        memberId: member.memberId,
        memberAssignment: AssignerProtocol.MemberAssignment.encode({ version: 1, assignment: member.memberId === owner ? assignment : {}, userData: Buffer.alloc(0) }),
      }));
    },
  });
}

/**
 * Which replica of a connector is active, as the broker's view of its lease group says: the
 * member that owns a partition of the control topic. For `status`.
 */
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';

const { AssignerProtocol } = kafkajs;

/** One member of the lease group. */
export interface LeaseMember {
  /** `<KAFKA_CLIENT_ID>.<hostname>.<pid>` as the replica set it. */
  readonly clientId: string;
  readonly clientHost: string;
  readonly active: boolean;
}

/** The lease group's state and its members, active first; an empty list when no replica runs. */
export async function describeLeaseGroup(admin: Admin, groupId: string): Promise<{ state: string; members: LeaseMember[] }> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups[0];
  if (group === undefined) return { state: 'Unknown', members: [] };
  const members = group.members.map((member): LeaseMember => {
    const assignment = member.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(member.memberAssignment) : null;
    const active = Object.values(assignment?.assignment ?? {}).some((partitions) => partitions.length > 0);
    return { clientId: member.clientId, clientHost: member.clientHost.replace(/^\//, ''), active };
  });
  return { state: group.state, members: members.sort((a, b) => Number(b.active) - Number(a.active)) };
}

/** The active member and how many stand by. */
export interface LeaseSummary {
  readonly state: string;
  readonly active: LeaseMember | null;
  readonly standby: number;
}

/** Summarises a described lease group. */
export function summariseLease(group: { state: string; members: readonly LeaseMember[] }): LeaseSummary {
  return { state: group.state, active: group.members.find((member) => member.active) ?? null, standby: group.members.filter((member) => !member.active).length };
}

/** One line for `status`. */
export function leaseLine(connectorName: string, lease: LeaseSummary): string {
  if (lease.active === null && lease.standby === 0) return `replicas of ${connectorName}: none running`;
  if (lease.active === null) return `replicas of ${connectorName}: ${lease.standby} joined, none active yet (group ${lease.state})`;
  return `replicas of ${connectorName}: active ${lease.active.clientId} at ${lease.active.clientHost}, ${lease.standby} standing by`;
}

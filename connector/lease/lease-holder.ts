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

/** One line for `status`. */
export function leaseLine(connectorName: string, group: { state: string; members: readonly LeaseMember[] }): string {
  const active = group.members.find((member) => member.active);
  const standbys = group.members.filter((member) => !member.active).length;
  if (group.members.length === 0) return `replicas of ${connectorName}: none running`;
  if (active === undefined) return `replicas of ${connectorName}: ${group.members.length} joined, none active yet (group ${group.state})`;
  return `replicas of ${connectorName}: active ${active.clientId} at ${active.clientHost}, ${standbys} standing by`;
}

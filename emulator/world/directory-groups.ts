import { pickDirectory } from './directory-picks.js';
import { str } from './world-state.js';
import type { Payload, WorldAction } from './world-state.js';

/** The nested user of a membership event: the directory user without `groups`. */
function membershipData(directoryId: string, user: Payload, group: Payload): Payload {
  // No top-level id, organization_id or updated_at: only the directory and both snapshots.
  return { directory_id: directoryId, user, group };
}

/** dsync.group.user_added / dsync.group.user_removed. */
export const groupMembershipActions: readonly WorldAction[] = [
  {
    name: 'dsync.group.user_added',
    weight: 10,
    run: (ctx, t) => {
      const directory = pickDirectory(ctx, (d) => d.users.length > 0 && d.groups.length > 0);
      if (directory === null) return null;
      const group = ctx.rng.pick(directory.groups);
      const user = directory.users.find((u) => !group.memberIds.includes(str(u, 'id')) && ctx.rng.chance(0.5));
      if (user === undefined) return null;
      group.memberIds.push(str(user, 'id'));
      return ctx.emit('dsync.group.user_added', membershipData(directory.id, user, group.payload), t);
    },
  },
  {
    name: 'dsync.group.user_removed',
    weight: 3,
    run: (ctx, t) => {
      const directory = pickDirectory(ctx, (d) => d.groups.some((g) => g.memberIds.length > 0));
      if (directory === null) return null;
      const group = ctx.rng.pick(directory.groups.filter((g) => g.memberIds.length > 0));
      const userId = ctx.rng.pick(group.memberIds);
      const user = directory.users.find((u) => u['id'] === userId);
      group.memberIds.splice(group.memberIds.indexOf(userId), 1);
      if (user === undefined) return null;
      return ctx.emit('dsync.group.user_removed', membershipData(directory.id, user, group.payload), t);
    },
  },
];

/**
 * Which directory users belong to which directory groups, from `dsync.group.user_added/removed`.
 * Kept in both directions because lists filter both ways (`group=` on users, `user=` on groups).
 */
export class GroupMemberships {
  private readonly usersByGroup = new Map<string, Set<string>>();
  private readonly groupsByUser = new Map<string, Set<string>>();

  add(groupId: string, userId: string): void {
    link(this.usersByGroup, groupId, userId);
    link(this.groupsByUser, userId, groupId);
  }

  remove(groupId: string, userId: string): void {
    this.usersByGroup.get(groupId)?.delete(userId);
    this.groupsByUser.get(userId)?.delete(groupId);
  }

  /** Drops every membership of a deleted group. */
  removeGroup(groupId: string): void {
    for (const userId of this.usersByGroup.get(groupId) ?? []) this.groupsByUser.get(userId)?.delete(groupId);
    this.usersByGroup.delete(groupId);
  }

  /** Drops every membership of a deleted user. */
  removeUser(userId: string): void {
    for (const groupId of this.groupsByUser.get(userId) ?? []) this.usersByGroup.get(groupId)?.delete(userId);
    this.groupsByUser.delete(userId);
  }

  /** Member user ids of a group, in the order they were added. */
  usersOf(groupId: string): ReadonlySet<string> {
    return this.usersByGroup.get(groupId) ?? EMPTY;
  }

  /** Group ids a user belongs to, in the order they were added. */
  groupsOf(userId: string): ReadonlySet<string> {
    return this.groupsByUser.get(userId) ?? EMPTY;
  }

  clear(): void {
    this.usersByGroup.clear();
    this.groupsByUser.clear();
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function link(index: Map<string, Set<string>>, key: string, value: string): void {
  const set = index.get(key);
  if (set === undefined) index.set(key, new Set([value]));
  else set.add(value);
}

/**
 * A realistic, deterministic WorkOS event stream for end-to-end consumer tests: organizations,
 * directories, directory users and groups with their whole lifecycle (updates, deactivations,
 * deletions, membership churn), AuthKit users and memberships, and events the mirror ignores.
 * Timestamps are recent (so broker retention never drops the records) and strictly increasing.
 */
import { parseWorkosEvent, type WorkosEvent } from '../../../../consumers/events/workos-event.js';
import type { PlannedEffect } from '../../../../consumers/notifier/effects.js';
import { planEffects } from '../../../../consumers/notifier/plan-effects.js';

/** A seeded PRNG (mulberry32), so every run produces the same stream for a seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Options for {@link generateEventStream}. */
export interface StreamOptions {
  organizations: number;
  usersPerOrganization: number;
  seed?: number;
  /** Creation time of the first event, epoch ms. Default: two hours ago. */
  startMs?: number;
  /** Gap between consecutive events, ms. Default 50. */
  stepMs?: number;
}

/** Generates the stream in API order (oldest first). */
export function generateEventStream(options: StreamOptions): WorkosEvent[] {
  const random = prng(options.seed ?? 7);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const stepMs = options.stepMs ?? 50;
  let clock = options.startMs ?? Date.now() - 2 * 3_600_000;
  const events: WorkosEvent[] = [];
  const tag = Math.floor(random() * 1e9).toString(36);
  const emit = (type: string, data: Record<string, unknown>, createdAt = new Date(clock).toISOString()): void => {
    events.push({ object: 'event', id: `event_${tag}_${String(events.length).padStart(6, '0')}`, event: type, created_at: createdAt, data, context: {} });
  };
  const now = (): string => new Date((clock += stepMs)).toISOString();

  for (let o = 0; o < options.organizations; o += 1) {
    const org = `org_${tag}_${o}`;
    const dir = `directory_${tag}_${o}`;
    let t = now();
    emit('organization.created', { object: 'organization', id: org, name: `Org ${o}`, domains: [], metadata: {}, created_at: t, updated_at: t });
    t = now();
    emit('dsync.activated', { object: 'directory', id: dir, organization_id: org, name: `Dir ${o}`, state: 'active', type: 'okta scim v2.0', domains: [], created_at: t, updated_at: t });
    t = now();
    emit('connection.activated', { object: 'connection', id: `conn_${tag}_${o}`, organization_id: org, name: 'SSO', connection_type: 'OktaSAML', state: 'active', domains: [], created_at: t, updated_at: t });
    const groups = [0, 1, 2].map((g) => {
      const ts = now();
      const group = { id: `directory_group_${tag}_${o}_${g}`, idp_id: `g${g}`, directory_id: dir, organization_id: org, name: `Group ${g}`, raw_attributes: {}, created_at: ts, updated_at: ts };
      emit('dsync.group.created', group);
      return group;
    });
    const users = new Map<string, Record<string, unknown>>();
    for (let u = 0; u < options.usersPerOrganization; u += 1) {
      const ts = now();
      const user: Record<string, unknown> = {
        object: 'directory_user', id: `directory_user_${tag}_${o}_${u}`, directory_id: dir, organization_id: org, idp_id: `u${u}`,
        email: `u${u}@org${o}.example`, first_name: `First${u}`, last_name: `Last${u}`, state: 'active', custom_attributes: {}, raw_attributes: {},
        created_at: ts, updated_at: ts,
      };
      users.set(user.id as string, user);
      emit('dsync.user.created', user);
      if (random() < 0.6) emit('dsync.group.user_added', { directory_id: dir, user, group: pick(groups) }, now());
      if (random() < 0.15) emit('authentication.sso_succeeded', { type: 'sso', status: 'succeeded', email: user.email, ip_address: '10.0.0.1', sso: { organization_id: org, connection_id: `conn_${tag}_${o}` } }, now());
    }
    for (const [id, user] of users) {
      const roll = random();
      if (roll < 0.5) {
        const ts = now();
        const updated = { ...user, first_name: `${String(user.first_name)}*`, updated_at: ts };
        users.set(id, updated);
        emit('dsync.user.updated', { ...updated, previous_attributes: { first_name: user.first_name } });
      } else if (roll < 0.65) {
        const ts = now();
        const deactivated = { ...user, state: 'inactive', updated_at: ts };
        users.set(id, deactivated);
        emit('dsync.user.updated', { ...deactivated, previous_attributes: { state: 'active' } });
      } else if (roll < 0.75) {
        emit('dsync.group.user_removed', { directory_id: dir, user, group: pick(groups) }, now());
      } else if (roll < 0.85) {
        emit('dsync.user.deleted', { ...users.get(id), state: 'inactive' }, now());
        users.delete(id);
      }
    }
    const renamed = now();
    emit('dsync.group.updated', { ...groups[0], name: 'Group 0 renamed', updated_at: renamed, previous_attributes: { name: 'Group 0' } });
    emit('organization.updated', { object: 'organization', id: org, name: `Org ${o} Inc`, domains: [], metadata: {}, created_at: groups[0]?.created_at, updated_at: now() });
    for (let m = 0; m < 3; m += 1) {
      const userId = `user_${tag}_${o}_${m}`;
      const ts = now();
      emit('user.created', { object: 'user', id: userId, email: `${userId}@example.com`, email_verified: true, first_name: 'A', last_name: 'B', created_at: ts, updated_at: ts });
      emit('organization_membership.created', { object: 'organization_membership', id: `om_${tag}_${o}_${m}`, user_id: userId, organization_id: org, status: 'active', role: { slug: 'member' }, created_at: ts, updated_at: ts });
      if (m === 2) emit('user.deleted', { object: 'user', id: userId, email: `${userId}@example.com`, created_at: ts, updated_at: ts }, now());
    }
  }
  return events;
}

/** The Kafka key the connector uses: the organization id where WorkOS puts it, else the entity id. */
export function partitionKeyOf(event: WorkosEvent): string {
  const data = event.data as Record<string, unknown>;
  const nested = (field: string): string | undefined => {
    const value = data[field];
    return typeof value === 'object' && value !== null ? ((value as Record<string, unknown>).organization_id as string | undefined) : undefined;
  };
  if (event.event.startsWith('organization.')) return String(data.id);
  return (data.organization_id as string | undefined) ?? nested('user') ?? nested('group') ?? nested('sso') ?? String(data.id ?? data.user_id ?? event.id);
}

/** The effects the notifier plans for `events`, in order: what the receiver must end up with. */
export function plannedEffects(events: readonly WorkosEvent[]): PlannedEffect[] {
  return events.flatMap((event) => planEffects(parseWorkosEvent(event)));
}

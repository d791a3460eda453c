import type { EventInput } from '../event-types.js';
import { LOCALES } from './vocabulary.js';
import { newPerson } from './world-context.js';
import { maybePick, removeFrom, replaceIn, str } from './world-state.js';
import type { Payload, WorldAction, WorldCtx } from './world-state.js';

/** Creates an environment-wide user (user.created); no organization id, users are global. */
export function createUser(ctx: WorldCtx, t: number, email?: string, name?: { first: string; last: string }): { event: EventInput; user: Payload } {
  const org = maybePick(ctx.rng, ctx.state.orgs);
  const person = newPerson(ctx, org?.domain ?? 'example.com');
  const user: Payload = {
    object: 'user',
    id: ctx.id('user', t),
    email: email ?? person.email,
    email_verified: ctx.rng.chance(0.6),
    first_name: name?.first ?? person.first,
    last_name: name?.last ?? person.last,
    profile_picture_url: ctx.rng.chance(0.3) ? `https://avatars.example.com/${ctx.state.serial}.png` : null,
    last_sign_in_at: null,
    locale: ctx.rng.pick(LOCALES),
    external_id: ctx.rng.chance(0.2) ? `crm-${ctx.state.serial}` : null,
    metadata: {},
    created_at: ctx.iso(t),
    updated_at: ctx.iso(t),
  };
  ctx.state.users.push(user);
  return { event: ctx.emit('user.created', user, t), user };
}

/** Adds a membership of `userId` in `orgId` (organization_membership.created). */
export function createMembership(ctx: WorldCtx, userId: string, orgId: string, t: number): EventInput | null {
  const org = ctx.state.orgs.find((o) => o.id === orgId);
  if (org === undefined || ctx.state.memberships.some((m) => m['user_id'] === userId && m['organization_id'] === orgId)) return null;
  const role = ctx.rng.chance(0.8) ? 'member' : 'admin';
  const membership: Payload = {
    object: 'organization_membership',
    id: ctx.id('om', t),
    user_id: userId,
    organization_id: orgId,
    ...(ctx.rng.chance(0.7) ? { organization_name: org.payload['name'] } : {}),
    status: ctx.rng.chance(0.8) ? 'active' : 'pending',
    role: { slug: role },
    roles: [{ slug: role }],
    directory_managed: false,
    custom_attributes: {},
    created_at: ctx.iso(t),
    updated_at: ctx.iso(t),
  };
  ctx.state.memberships.push(membership);
  return ctx.emit('organization_membership.created', membership, t);
}

function deleteMembership(ctx: WorldCtx, membership: Payload, t: number): EventInput {
  removeFrom(ctx.state.memberships, membership);
  return ctx.emit('organization_membership.deleted', { ...membership, updated_at: ctx.iso(t) }, t);
}

/** user.* and organization_membership.* actions. */
export const userActions: readonly WorldAction[] = [
  { name: 'user.created', weight: 6, run: (ctx, t) => createUser(ctx, t).event },
  {
    name: 'user.updated',
    weight: 4,
    run: (ctx, t) => {
      const user = maybePick(ctx.rng, ctx.state.users);
      if (user === null) return null;
      const change: Payload = user['email_verified'] === false && ctx.rng.chance(0.5)
        ? { email_verified: true }
        : ctx.rng.chance(0.5)
          ? { last_sign_in_at: ctx.iso(t) }
          : { metadata: { plan: ctx.rng.pick(['free', 'pro']), timezone: ctx.rng.pick(['UTC', 'Europe/Berlin', 'America/New_York']) } };
      const next = replaceIn(ctx.state.users, user, { ...user, ...change, updated_at: ctx.iso(t) });
      return ctx.emit('user.updated', next, t);
    },
  },
  {
    name: 'user.deleted',
    weight: 0.6,
    run: (ctx, t) => {
      const user = maybePick(ctx.rng, ctx.state.users);
      if (user === null) return null;
      removeFrom(ctx.state.users, user);
      for (const session of ctx.state.sessions.filter((s) => s['user_id'] === user['id'])) removeFrom(ctx.state.sessions, session);
      // Memberships go first, then the user, as one burst.
      const memberships = ctx.state.memberships.filter((m) => m['user_id'] === user['id']);
      ctx.later(...memberships.map((m) => (at: number) => deleteMembership(ctx, m, at)));
      ctx.later((at) => ctx.emit('user.deleted', { ...user, updated_at: ctx.iso(at) }, at));
      return null;
    },
  },
  {
    name: 'organization_membership.created',
    weight: 5,
    run: (ctx, t) => {
      const user = maybePick(ctx.rng, ctx.state.users);
      const org = maybePick(ctx.rng, ctx.state.orgs);
      return user === null || org === null ? null : createMembership(ctx, str(user, 'id'), org.id, t);
    },
  },
  {
    name: 'organization_membership.updated',
    weight: 2.5,
    run: (ctx, t) => {
      const membership = maybePick(ctx.rng, ctx.state.memberships);
      if (membership === null) return null;
      const change: Payload = membership['status'] === 'pending'
        ? { status: 'active' }
        : { role: { slug: (membership['role'] as Payload)['slug'] === 'admin' ? 'member' : 'admin' } };
      const role = (change['role'] ?? membership['role']) as Payload;
      const next = replaceIn(ctx.state.memberships, membership, { ...membership, ...change, roles: [role], updated_at: ctx.iso(t) });
      return ctx.emit('organization_membership.updated', next, t);
    },
  },
  {
    name: 'organization_membership.deleted',
    weight: 1,
    run: (ctx, t) => {
      const membership = maybePick(ctx.rng, ctx.state.memberships);
      return membership === null ? null : deleteMembership(ctx, membership, t);
    },
  },
];

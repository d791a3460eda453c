import { RESOURCE_WORDS } from './vocabulary.js';
import { maybePick, removeFrom, replaceIn, str } from './world-state.js';
import type { OrgState, Payload, WorldAction, WorldCtx } from './world-state.js';

/** Permission slugs currently defined, for role payloads. */
function somePermissions(ctx: WorldCtx): string[] {
  return ctx.state.permissions.filter(() => ctx.rng.chance(0.4)).map((p) => str(p, 'slug'));
}

function orgWithRoles(ctx: WorldCtx): OrgState | null {
  return maybePick(ctx.rng, ctx.state.orgs.filter((o) => o.roles.length > 0));
}

/**
 * role.* (environment roles, keyed by slug, no id, no org), organization_role.* (custom roles of
 * one organization, keyed by slug) and permission.* (environment-wide, with an id).
 */
export const authorizationActions: readonly WorldAction[] = [
  {
    name: 'permission.created',
    weight: 0.3,
    run: (ctx, t) => {
      ctx.state.serial += 1;
      const word = ctx.rng.pick(RESOURCE_WORDS);
      const action = ctx.rng.pick(['read', 'write', 'manage']);
      const permission: Payload = {
        object: 'permission',
        id: ctx.id('perm', t),
        slug: `${word}:${action}:${ctx.state.serial}`,
        name: `${action[0]?.toUpperCase()}${action.slice(1)} ${word}`,
        description: null,
        resource_type_slug: 'organization',
        system: false,
        created_at: ctx.iso(t),
        updated_at: ctx.iso(t),
      };
      ctx.state.permissions.push(permission);
      return ctx.emit('permission.created', permission, t);
    },
  },
  {
    name: 'permission.updated',
    weight: 0.2,
    run: (ctx, t) => {
      const permission = maybePick(ctx.rng, ctx.state.permissions);
      if (permission === null) return null;
      const next = replaceIn(ctx.state.permissions, permission, { ...permission, description: `Allows ${str(permission, 'name').toLowerCase()}`, updated_at: ctx.iso(t) });
      return ctx.emit('permission.updated', next, t);
    },
  },
  {
    name: 'permission.deleted',
    weight: 0.05,
    run: (ctx, t) => {
      const permission = maybePick(ctx.rng, ctx.state.permissions);
      if (permission === null) return null;
      removeFrom(ctx.state.permissions, permission);
      return ctx.emit('permission.deleted', { ...permission, updated_at: ctx.iso(t) }, t);
    },
  },
  {
    name: 'role.created',
    weight: 0.3,
    run: (ctx, t) => {
      ctx.state.serial += 1;
      const role: Payload = { object: 'role', slug: `${ctx.rng.pick(RESOURCE_WORDS)}-admin-${ctx.state.serial}`, permissions: somePermissions(ctx), created_at: ctx.iso(t), updated_at: ctx.iso(t) };
      ctx.state.roles.push(role);
      return ctx.emit('role.created', role, t);
    },
  },
  {
    name: 'role.updated',
    weight: 0.3,
    run: (ctx, t) => {
      const role = maybePick(ctx.rng, ctx.state.roles);
      if (role === null) return null;
      return ctx.emit('role.updated', replaceIn(ctx.state.roles, role, { ...role, permissions: somePermissions(ctx), updated_at: ctx.iso(t) }), t);
    },
  },
  {
    name: 'role.deleted',
    weight: 0.05,
    run: (ctx, t) => {
      const role = maybePick(ctx.rng, ctx.state.roles);
      if (role === null) return null;
      removeFrom(ctx.state.roles, role);
      return ctx.emit('role.deleted', { ...role, updated_at: ctx.iso(t) }, t);
    },
  },
  {
    name: 'organization_role.created',
    weight: 0.4,
    run: (ctx, t) => {
      const org = maybePick(ctx.rng, ctx.state.orgs);
      if (org === null) return null;
      ctx.state.serial += 1;
      const word = ctx.rng.pick(RESOURCE_WORDS);
      const role: Payload = {
        object: 'organization_role',
        organization_id: org.id,
        slug: `org-${word}-${ctx.state.serial}`,
        name: `${word} lead`,
        description: null,
        resource_type_slug: 'organization',
        permissions: somePermissions(ctx),
        created_at: ctx.iso(t),
        updated_at: ctx.iso(t),
      };
      org.roles.push(role);
      return ctx.emit('organization_role.created', role, t);
    },
  },
  {
    name: 'organization_role.updated',
    weight: 0.3,
    run: (ctx, t) => {
      const org = orgWithRoles(ctx);
      if (org === null) return null;
      const role = ctx.rng.pick(org.roles);
      return ctx.emit('organization_role.updated', replaceIn(org.roles, role, { ...role, permissions: somePermissions(ctx), updated_at: ctx.iso(t) }), t);
    },
  },
  {
    name: 'organization_role.deleted',
    weight: 0.05,
    run: (ctx, t) => {
      const org = orgWithRoles(ctx);
      if (org === null) return null;
      const role = ctx.rng.pick(org.roles);
      removeFrom(org.roles, role);
      return ctx.emit('organization_role.deleted', { ...role, updated_at: ctx.iso(t) }, t);
    },
  },
];

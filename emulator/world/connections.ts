import { CONNECTION_TYPES } from './vocabulary.js';
import { maybePick, removeFrom, replaceIn } from './world-state.js';
import type { OrgState, Payload, WorldAction, WorldCtx } from './world-state.js';

function withConnection(ctx: WorldCtx, state?: string): { org: OrgState; connection: Payload } | null {
  const org = maybePick(ctx.rng, ctx.state.orgs.filter((o) => o.connections.some((c) => state === undefined || c['state'] === state)));
  if (org === null) return null;
  return { org, connection: ctx.rng.pick(org.connections.filter((c) => state === undefined || c['state'] === state)) };
}

/** The organization's active SSO connections (used by SSO authentication events). */
export function activeConnections(org: OrgState): Payload[] {
  return org.connections.filter((c) => c['state'] === 'active');
}

/** connection.* actions: a connection is activated when set up, toggled, and eventually deleted. */
export const connectionActions: readonly WorldAction[] = [
  {
    name: 'connection.activated',
    weight: 1.2,
    run: (ctx, t) => {
      const inactive = withConnection(ctx, 'inactive');
      if (inactive !== null && ctx.rng.chance(0.4)) {
        const next = replaceIn(inactive.org.connections, inactive.connection, { ...inactive.connection, state: 'active', updated_at: ctx.iso(t) });
        return ctx.emit('connection.activated', next, t);
      }
      const org = maybePick(ctx.rng, ctx.state.orgs.filter((o) => o.connections.length < 2));
      if (org === null) return null;
      const type = ctx.rng.pick(CONNECTION_TYPES);
      // Set up a while ago in the dashboard (state draft/validating), activated now.
      const createdAt = t - ctx.rng.int(60_000, 7_200_000);
      const payload: Payload = {
        object: 'connection',
        id: ctx.id('conn', createdAt),
        organization_id: org.id,
        name: `${type} for ${org.domain}`,
        connection_type: type,
        state: 'active',
        domains: [{ object: 'connection_domain', id: ctx.id('conn_domain', createdAt), domain: org.domain }],
        created_at: ctx.iso(createdAt),
        updated_at: ctx.iso(t),
      };
      org.connections.push(payload);
      return ctx.emit('connection.activated', payload, t);
    },
  },
  {
    name: 'connection.deactivated',
    weight: 0.4,
    run: (ctx, t) => {
      const hit = withConnection(ctx, 'active');
      if (hit === null) return null;
      const next = replaceIn(hit.org.connections, hit.connection, { ...hit.connection, state: 'inactive', updated_at: ctx.iso(t) });
      return ctx.emit('connection.deactivated', next, t);
    },
  },
  {
    name: 'connection.deleted',
    weight: 0.2,
    run: (ctx, t) => {
      const hit = withConnection(ctx);
      if (hit === null) return null;
      // Deleted connections keep the state they had; only updated_at moves.
      const next = { ...hit.connection, updated_at: ctx.iso(t) };
      removeFrom(hit.org.connections, hit.connection);
      return ctx.emit('connection.deleted', next, t);
    },
  },
];

import { activeConnections } from './connections.js';
import { USER_AGENTS } from './vocabulary.js';
import { ipAddress } from './world-context.js';
import { maybePick, str } from './world-state.js';
import type { Payload, WorldAction, WorldCtx } from './world-state.js';
import type { EventInput } from '../event-types.js';

const METHODS = ['password', 'password', 'password', 'oauth', 'oauth', 'magic_auth', 'sso', 'sso', 'mfa', 'email_verification', 'passkey'] as const;
/**
 * Methods the world only ever lets succeed. The WorkOS docs long listed their `_failed` events as
 * "coming soon"; SDK 12.3.0 declares them, but generating them would change every seeded world.
 */
const SUCCESS_ONLY = new Set<string>(['mfa', 'email_verification']);

/** An SSO sign-in through an active connection: the only authentication event with an org id. */
function ssoContext(ctx: WorldCtx): { sso: Payload; user: Payload | null } | null {
  const org = maybePick(ctx.rng, ctx.state.orgs.filter((o) => activeConnections(o).length > 0));
  if (org === null) return null;
  const connection = ctx.rng.pick(activeConnections(org));
  const member = ctx.state.memberships.find((m) => m['organization_id'] === org.id);
  const user = member === undefined ? null : (ctx.state.users.find((u) => u['id'] === member['user_id']) ?? null);
  const sso: Payload = {
    connection_id: str(connection, 'id'),
    organization_id: org.id,
    ...(ctx.rng.chance(0.7) ? { session_id: `sso_session_${ctx.rng.int(100000, 999999)}` } : {}),
  };
  return { sso, user };
}

function authenticationEvent(ctx: WorldCtx, t: number): EventInput | null {
  const method = ctx.rng.pick(METHODS);
  const succeeded = SUCCESS_ONLY.has(method) || ctx.rng.chance(0.85);
  const sso = method === 'sso' ? ssoContext(ctx) : null;
  if (method === 'sso' && sso === null) return null;
  const user = sso?.user ?? maybePick(ctx.rng, ctx.state.users);
  if (user === null) return null;
  // No id and no timestamps on authentication payloads (reference §3).
  const data: Payload = {
    type: method,
    status: succeeded ? 'succeeded' : 'failed',
    user_id: str(user, 'id'),
    email: str(user, 'email'),
    ip_address: ipAddress(ctx),
    user_agent: ctx.rng.pick(USER_AGENTS),
    ...(succeeded ? {} : { error: { code: `${method}_failed`, message: 'Authentication failed.' } }),
    ...(sso === null ? {} : { sso: sso.sso }),
  };
  return ctx.emit(`authentication.${method}_${succeeded ? 'succeeded' : 'failed'}`, data, t);
}

/** authentication.* actions, including the occasional Radar risk detection. */
export const authenticationActions: readonly WorldAction[] = [
  { name: 'authentication.*', weight: 12, run: authenticationEvent },
  {
    name: 'authentication.radar_risk_detected',
    weight: 0.2,
    run: (ctx, t) => {
      const user = maybePick(ctx.rng, ctx.state.users);
      if (user === null) return null;
      const data: Payload = {
        auth_method: ctx.rng.pick(['password', 'oauth']),
        action: ctx.rng.pick(['signup', 'login']),
        control: ctx.rng.pick(['block', 'challenge']),
        blocklist_type: ctx.rng.chance(0.5) ? 'ip_address' : null,
        ip_address: ipAddress(ctx),
        user_agent: ctx.rng.pick(USER_AGENTS),
        user_id: str(user, 'id'),
        email: str(user, 'email'),
      };
      return ctx.emit('authentication.radar_risk_detected', data, t);
    },
  },
];

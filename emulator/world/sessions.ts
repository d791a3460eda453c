import { USER_AGENTS } from './vocabulary.js';
import { ipAddress } from './world-context.js';
import { maybePick, removeFrom, str } from './world-state.js';
import type { Payload, WorldAction } from './world-state.js';

const DAY_MS = 86_400_000;

/** session.created / session.revoked. Sessions carry an organization only when signed in to one. */
export const sessionActions: readonly WorldAction[] = [
  {
    name: 'session.created',
    weight: 7,
    run: (ctx, t) => {
      const user = maybePick(ctx.rng, ctx.state.users);
      if (user === null) return null;
      const membership = ctx.rng.chance(0.6) ? ctx.state.memberships.find((m) => m['user_id'] === user['id']) : undefined;
      const session: Payload = {
        object: 'session',
        id: ctx.id('session', t),
        user_id: str(user, 'id'),
        ...(membership === undefined ? {} : { organization_id: membership['organization_id'] }),
        ...(ctx.rng.chance(0.02) ? { impersonator: { email: 'support@workos.example', reason: 'Debugging a ticket' } } : {}),
        ip_address: ipAddress(ctx),
        user_agent: ctx.rng.pick(USER_AGENTS),
        auth_method: ctx.rng.pick(['password', 'sso', 'oauth', 'magic_code', 'passkey']),
        status: 'active',
        expires_at: ctx.iso(t + 30 * DAY_MS),
        ended_at: null,
        created_at: ctx.iso(t),
        updated_at: ctx.iso(t),
      };
      ctx.state.sessions.push(session);
      // Bound memory: very old sessions just lapse without an event.
      if (ctx.state.sessions.length > 5_000) ctx.state.sessions.shift();
      return ctx.emit('session.created', session, t);
    },
  },
  {
    name: 'session.revoked',
    weight: 3,
    run: (ctx, t) => {
      const session = maybePick(ctx.rng, ctx.state.sessions);
      if (session === null) return null;
      removeFrom(ctx.state.sessions, session);
      return ctx.emit('session.revoked', { ...session, status: 'revoked', ended_at: ctx.iso(t), updated_at: ctx.iso(t) }, t);
    },
  },
];

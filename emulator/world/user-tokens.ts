import { maybePick, removeFrom, str } from './world-state.js';
import type { Payload, WorldAction, WorldCtx } from './world-state.js';

const HOUR_MS = 3_600_000;

/** The common shape of password_reset / email_verification / magic_auth objects. */
function token(ctx: WorldCtx, object: string, prefix: string, user: Payload, t: number, withUpdatedAt: boolean): Payload {
  return {
    object,
    id: ctx.id(prefix, t),
    user_id: str(user, 'id'),
    email: str(user, 'email'),
    expires_at: ctx.iso(t + HOUR_MS),
    created_at: ctx.iso(t),
    // password_reset objects have no updated_at (reference §3); the other two do.
    ...(withUpdatedAt ? { updated_at: ctx.iso(t) } : {}),
  };
}

/** password_reset.created/succeeded, email_verification.created, magic_auth.created. */
export const userTokenActions: readonly WorldAction[] = [
  {
    name: 'password_reset.created',
    weight: 1,
    run: (ctx, t) => {
      const user = maybePick(ctx.rng, ctx.state.users);
      if (user === null) return null;
      const reset = token(ctx, 'password_reset', 'password_reset', user, t, false);
      ctx.state.passwordResets.push(reset);
      if (ctx.state.passwordResets.length > 1_000) ctx.state.passwordResets.shift();
      return ctx.emit('password_reset.created', reset, t);
    },
  },
  {
    name: 'password_reset.succeeded',
    weight: 0.6,
    run: (ctx, t) => {
      const reset = maybePick(ctx.rng, ctx.state.passwordResets);
      if (reset === null || !ctx.state.users.some((u) => u['id'] === reset['user_id'])) return null;
      removeFrom(ctx.state.passwordResets, reset);
      return ctx.emit('password_reset.succeeded', reset, t);
    },
  },
  {
    name: 'email_verification.created',
    weight: 1,
    run: (ctx, t) => {
      const user = maybePick(ctx.rng, ctx.state.users);
      return user === null ? null : ctx.emit('email_verification.created', token(ctx, 'email_verification', 'email_verification', user, t, true), t);
    },
  },
  {
    name: 'magic_auth.created',
    weight: 1,
    run: (ctx, t) => {
      const user = maybePick(ctx.rng, ctx.state.users);
      return user === null ? null : ctx.emit('magic_auth.created', token(ctx, 'magic_auth', 'magic_auth', user, t, true), t);
    },
  },
];

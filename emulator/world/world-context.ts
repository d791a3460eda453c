import type { Payload, WorldCtx, WorldState, FollowUp } from './world-state.js';
import type { Rng } from '../prng.js';
import { isoString } from '../clock.js';
import { randomUlid } from '../ulid.js';
import { FIRST_NAMES, LAST_NAMES } from './vocabulary.js';

/**
 * Builds the {@link WorldCtx} the actions use. Context mix (reference §1: `{}`, `{client_id}`,
 * sometimes an actor, sometimes absent): 35% `{}`, 35% `{client_id}`, 5% with an actor, 25% none.
 * @param pending the follow-up queue the generator drains before drawing new actions.
 */
export function createWorldCtx(rng: Rng, state: WorldState, pending: FollowUp[]): WorldCtx {
  const context = (t: number): Payload | undefined => {
    const r = rng.next();
    if (r < 0.35) return {};
    if (r < 0.7) return { client_id: rng.pick(state.clientIds) };
    if (r < 0.75) {
      const name = `${rng.pick(FIRST_NAMES)} ${rng.pick(LAST_NAMES)}`;
      return { client_id: rng.pick(state.clientIds), actor: { id: `user_${randomUlid(t, rng.next)}`, name, source: 'dashboard' } };
    }
    return undefined;
  };
  return {
    rng,
    state,
    id: (prefix, t) => `${prefix}_${randomUlid(t, rng.next)}`,
    iso: isoString,
    emit: (event, data, t) => {
      const ctx = context(t);
      return ctx === undefined ? { event, data, createdAt: t } : { event, data, createdAt: t, context: ctx };
    },
    later: (...steps) => {
      pending.push(...steps);
    },
  };
}

/** A person with a unique email at `domain`. */
export function newPerson(ctx: WorldCtx, domain: string): { first: string; last: string; email: string } {
  const first = ctx.rng.pick(FIRST_NAMES);
  const last = ctx.rng.pick(LAST_NAMES);
  ctx.state.serial += 1;
  return { first, last, email: `${first}.${last}${ctx.state.serial}@${domain}`.toLowerCase() };
}

/** A plausible public IPv4 address. */
export function ipAddress(ctx: WorldCtx): string {
  return `${ctx.rng.int(11, 223)}.${ctx.rng.int(0, 255)}.${ctx.rng.int(0, 255)}.${ctx.rng.int(1, 254)}`;
}

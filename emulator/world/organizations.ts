import type { EventInput } from '../event-types.js';
import { COMPANY_HEADS, COMPANY_TAILS } from './vocabulary.js';
import { maybePick, removeFrom, str } from './world-state.js';
import type { OrgState, Payload, WorldAction, WorldCtx } from './world-state.js';
import { createDomain } from './organization-domains.js';

/** Creates an organization (and usually queues its first domain). Always possible. */
export function createOrganization(ctx: WorldCtx, t: number): EventInput {
  const { rng, state } = ctx;
  state.orgsCreated += 1;
  const head = rng.pick(COMPANY_HEADS);
  const tail = rng.pick(COMPANY_TAILS);
  const domain = `${head}-${tail}-${state.orgsCreated}.com`.toLowerCase();
  const id = ctx.id('org', t);
  const payload: Payload = {
    object: 'organization',
    id,
    name: `${head} ${tail}${state.orgsCreated > COMPANY_HEADS.length ? ` ${state.orgsCreated}` : ''}`,
    allow_profiles_outside_organization: false,
    domains: [],
    ...(rng.chance(0.3) ? { stripe_customer_id: `cus_${rng.int(100000, 999999)}` } : {}),
    external_id: rng.chance(0.5) ? `ext-${state.orgsCreated}` : null,
    metadata: rng.chance(0.3) ? { tier: rng.pick(['free', 'team', 'enterprise']) } : {},
    created_at: ctx.iso(t),
    updated_at: ctx.iso(t),
  };
  const org: OrgState = { id, domain, payload, domains: [], connections: [], directories: [], roles: [] };
  state.orgs.push(org);
  if (rng.chance(0.7)) ctx.later((at) => (state.orgs.includes(org) ? createDomain(ctx, org, at, domain) : null));
  return ctx.emit('organization.created', payload, t);
}

/** The organization payload with its current domains embedded, as the API returns it. */
export function organizationSnapshot(org: OrgState): Payload {
  return { ...org.payload, domains: [...org.domains] };
}

/** organization.* actions. */
export const organizationActions: readonly WorldAction[] = [
  {
    name: 'organization.updated',
    weight: 1.2,
    run: (ctx, t) => {
      const org = maybePick(ctx.rng, ctx.state.orgs);
      if (org === null) return null;
      const change: Payload = ctx.rng.chance(0.5)
        ? { name: `${str(org.payload, 'name').replace(/ Inc\.$/, '')} Inc.` }
        : { metadata: { tier: ctx.rng.pick(['free', 'team', 'enterprise']), seats: String(ctx.rng.int(5, 5000)) } };
      org.payload = { ...org.payload, ...change, updated_at: ctx.iso(t) };
      return ctx.emit('organization.updated', organizationSnapshot(org), t);
    },
  },
  {
    name: 'organization.deleted',
    weight: 0.05,
    run: (ctx, t) => {
      const { state } = ctx;
      // Keep most of the target population alive so the stream stays multi-tenant.
      if (state.orgs.length < Math.max(2, state.targetOrgs * 0.8)) return null;
      const org = ctx.rng.pick(state.orgs);
      removeFrom(state.orgs, org);
      for (const directory of org.directories) removeFrom(state.directories, directory);
      for (const list of [state.memberships, state.invitations, state.sessions]) {
        for (const item of list.filter((p) => p['organization_id'] === org.id)) removeFrom(list, item);
      }
      org.payload = { ...org.payload, updated_at: ctx.iso(t) };
      return ctx.emit('organization.deleted', organizationSnapshot(org), t);
    },
  },
];

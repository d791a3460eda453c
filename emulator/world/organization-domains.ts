import type { EventInput } from '../event-types.js';
import { randomUlid } from '../ulid.js';
import { maybePick, removeFrom, replaceIn, str } from './world-state.js';
import type { OrgState, Payload, WorldAction, WorldCtx } from './world-state.js';

/** Adds a pending domain to `org` and emits organization_domain.created. */
export function createDomain(ctx: WorldCtx, org: OrgState, t: number, domain: string): EventInput {
  const payload: Payload = {
    object: 'organization_domain',
    id: ctx.id('org_domain', t),
    domain,
    organization_id: org.id,
    state: 'pending',
    verification_strategy: ctx.rng.chance(0.85) ? 'dns' : 'manual',
    verification_token: randomUlid(t, ctx.rng.next).slice(-12).toLowerCase(),
    verification_prefix: 'workos-domain-verification',
    created_at: ctx.iso(t),
    updated_at: ctx.iso(t),
  };
  org.domains.push(payload);
  return ctx.emit('organization_domain.created', payload, t);
}

/** An organization that has a domain in `state` (any state when omitted), with that domain. */
function pickDomain(ctx: WorldCtx, state?: string): { org: OrgState; domain: Payload } | null {
  const org = maybePick(ctx.rng, ctx.state.orgs.filter((o) => o.domains.some((d) => state === undefined || d['state'] === state)));
  if (org === null) return null;
  return { org, domain: ctx.rng.pick(org.domains.filter((d) => state === undefined || d['state'] === state)) };
}

function update(ctx: WorldCtx, org: OrgState, domain: Payload, change: Payload, t: number): Payload {
  return replaceIn(org.domains, domain, { ...domain, ...change, updated_at: ctx.iso(t) });
}

/** organization_domain.* actions. */
export const organizationDomainActions: readonly WorldAction[] = [
  {
    name: 'organization_domain.created',
    weight: 0.8,
    run: (ctx, t) => {
      const org = maybePick(ctx.rng, ctx.state.orgs);
      if (org === null || org.domains.length >= 3) return null;
      return createDomain(ctx, org, t, `${ctx.rng.pick(['eu', 'us', 'corp', 'mail'])}${org.domains.length}.${org.domain}`);
    },
  },
  {
    name: 'organization_domain.verified',
    weight: 0.8,
    run: (ctx, t) => {
      const hit = pickDomain(ctx, 'pending') ?? pickDomain(ctx, 'failed');
      if (hit === null) return null;
      return ctx.emit('organization_domain.verified', update(ctx, hit.org, hit.domain, { state: 'verified' }, t), t);
    },
  },
  {
    name: 'organization_domain.verification_failed',
    weight: 0.3,
    run: (ctx, t) => {
      const hit = pickDomain(ctx, 'pending');
      if (hit === null) return null;
      const domain = update(ctx, hit.org, hit.domain, { state: 'failed' }, t);
      // The failure payload wraps the domain; it has no top-level id, org id or updated_at.
      const reason = ctx.rng.pick(['domain_verification_period_expired', 'domain_verified_by_other_organization']);
      return ctx.emit('organization_domain.verification_failed', { reason, organization_domain: domain }, t);
    },
  },
  {
    name: 'organization_domain.updated',
    weight: 0.2,
    run: (ctx, t) => {
      const hit = pickDomain(ctx, 'verified');
      if (hit === null) return null;
      const strategy = str(hit.domain, 'verification_strategy') === 'dns' ? 'manual' : 'dns';
      return ctx.emit('organization_domain.updated', update(ctx, hit.org, hit.domain, { verification_strategy: strategy }, t), t);
    },
  },
  {
    name: 'organization_domain.deleted',
    weight: 0.15,
    run: (ctx, t) => {
      const hit = pickDomain(ctx);
      if (hit === null) return null;
      const domain = update(ctx, hit.org, hit.domain, {}, t);
      removeFrom(hit.org.domains, domain);
      return ctx.emit('organization_domain.deleted', domain, t);
    },
  },
];

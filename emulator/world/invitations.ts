import { createMembership, createUser } from './users.js';
import { newPerson } from './world-context.js';
import { maybePick, removeFrom, replaceIn, str } from './world-state.js';
import type { Payload, WorldAction, WorldCtx } from './world-state.js';

const WEEK_MS = 7 * 86_400_000;

function pendingInvitation(ctx: WorldCtx): Payload | null {
  return maybePick(ctx.rng, ctx.state.invitations.filter((i) => i['state'] === 'pending'));
}

/** invitation.created/resent/accepted/revoked. Accepting creates the user and the membership. */
export const invitationActions: readonly WorldAction[] = [
  {
    name: 'invitation.created',
    weight: 2,
    run: (ctx, t) => {
      // Roughly one in ten invitations is to the environment rather than an organization.
      const org = ctx.rng.chance(0.9) ? maybePick(ctx.rng, ctx.state.orgs) : null;
      const inviter = maybePick(ctx.rng, ctx.state.users);
      const invitation: Payload = {
        object: 'invitation',
        id: ctx.id('invitation', t),
        email: newPerson(ctx, org?.domain ?? 'example.com').email,
        state: 'pending',
        accepted_at: null,
        revoked_at: null,
        expires_at: ctx.iso(t + WEEK_MS),
        organization_id: org?.id ?? null,
        inviter_user_id: inviter === null ? null : inviter['id'],
        accepted_user_id: null,
        created_at: ctx.iso(t),
        updated_at: ctx.iso(t),
      };
      ctx.state.invitations.push(invitation);
      return ctx.emit('invitation.created', invitation, t);
    },
  },
  {
    name: 'invitation.resent',
    weight: 0.6,
    run: (ctx, t) => {
      const invitation = pendingInvitation(ctx);
      if (invitation === null) return null;
      const next = replaceIn(ctx.state.invitations, invitation, { ...invitation, expires_at: ctx.iso(t + WEEK_MS), updated_at: ctx.iso(t) });
      return ctx.emit('invitation.resent', next, t);
    },
  },
  {
    name: 'invitation.accepted',
    weight: 1.2,
    run: (ctx, t) => {
      const invitation = pendingInvitation(ctx);
      if (invitation === null) return null;
      removeFrom(ctx.state.invitations, invitation);
      const { event, user } = createUser(ctx, t, str(invitation, 'email'));
      const userId = str(user, 'id');
      ctx.later((at) =>
        ctx.emit('invitation.accepted', { ...invitation, state: 'accepted', accepted_at: ctx.iso(at), accepted_user_id: userId, updated_at: ctx.iso(at) }, at),
      );
      const orgId = invitation['organization_id'];
      if (typeof orgId === 'string') ctx.later((at) => createMembership(ctx, userId, orgId, at));
      return event;
    },
  },
  {
    name: 'invitation.revoked',
    weight: 0.5,
    run: (ctx, t) => {
      const invitation = pendingInvitation(ctx);
      if (invitation === null) return null;
      removeFrom(ctx.state.invitations, invitation);
      return ctx.emit('invitation.revoked', { ...invitation, state: 'revoked', revoked_at: ctx.iso(t), updated_at: ctx.iso(t) }, t);
    },
  },
];

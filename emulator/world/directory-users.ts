import type { EventInput } from '../event-types.js';
import { DEPARTMENTS, JOB_TITLES, ROLE_SLUGS } from './vocabulary.js';
import { pickDirectory } from './directory-picks.js';
import { newPerson } from './world-context.js';
import { removeFrom, replaceIn, str } from './world-state.js';
import type { DirectoryState, OrgState, Payload, WorldAction, WorldCtx } from './world-state.js';

/** Provisions a directory user (dsync.user.created). */
export function createDirectoryUser(ctx: WorldCtx, directory: DirectoryState, org: OrgState, t: number): EventInput {
  const person = newPerson(ctx, org.domain);
  const idpId = `${ctx.rng.int(10_000_000, 99_999_999)}`;
  const role = ctx.rng.chance(0.85) ? 'member' : ctx.rng.pick(ROLE_SLUGS);
  const department = ctx.rng.pick(DEPARTMENTS);
  const title = ctx.rng.pick(JOB_TITLES);
  const payload: Payload = {
    object: 'directory_user',
    id: ctx.id('directory_user', t),
    directory_id: directory.id,
    organization_id: directory.orgId,
    idp_id: idpId,
    email: person.email,
    first_name: person.first,
    last_name: person.last,
    // Legacy top-level fields the real API still sends and the SDK drops (reference §2).
    emails: [{ primary: true, type: 'work', value: person.email }],
    username: person.email,
    job_title: title,
    state: 'active',
    role: { slug: role },
    roles: [{ slug: role }],
    custom_attributes: { department, job_title: title },
    raw_attributes: { id: idpId, userName: person.email, active: true, name: { givenName: person.first, familyName: person.last } },
    created_at: ctx.iso(t),
    updated_at: ctx.iso(t),
  };
  directory.users.push(payload);
  return ctx.emit('dsync.user.created', payload, t);
}

/** One attribute change: the new fields and `previous_attributes` (old values of those keys only). */
function attributeChange(ctx: WorldCtx, user: Payload): { change: Payload; previous: Payload } {
  const kind = ctx.rng.pick(['last_name', 'department', 'role', 'state', 'email'] as const);
  if (kind === 'last_name') {
    const last = `${str(user, 'last_name')}-${ctx.rng.pick(['Smith', 'Lee', 'Diaz'])}`;
    return { change: { last_name: last }, previous: { last_name: user['last_name'] } };
  }
  if (kind === 'department') {
    const old = user['custom_attributes'] as Payload;
    const department = ctx.rng.pick(DEPARTMENTS.filter((d) => d !== old['department']));
    return { change: { custom_attributes: { ...old, department } }, previous: { custom_attributes: old } };
  }
  if (kind === 'role') {
    const old = (user['role'] as Payload)['slug'];
    const slug = ctx.rng.pick(ROLE_SLUGS.filter((r) => r !== old));
    return { change: { role: { slug }, roles: [{ slug }] }, previous: { role: { slug: old } } };
  }
  if (kind === 'state') {
    const state = user['state'] === 'active' ? 'inactive' : 'active';
    return { change: { state }, previous: { state: user['state'] } };
  }
  const email = str(user, 'email').replace('@', `.${ctx.rng.int(2, 9)}@`);
  return { change: { email, username: email }, previous: { email: user['email'] } };
}

/** dsync.user.created/updated/deleted. */
export const directoryUserActions: readonly WorldAction[] = [
  {
    name: 'dsync.user.created',
    weight: 16,
    run: (ctx, t) => {
      const directory = pickDirectory(ctx);
      const org = directory === null ? undefined : ctx.state.orgs.find((o) => o.id === directory.orgId);
      return directory === null || org === undefined ? null : createDirectoryUser(ctx, directory, org, t);
    },
  },
  {
    name: 'dsync.user.updated',
    weight: 22,
    run: (ctx, t) => {
      const directory = pickDirectory(ctx, (d) => d.users.length > 0);
      if (directory === null) return null;
      const user = ctx.rng.pick(directory.users);
      const { change, previous } = attributeChange(ctx, user);
      const next = replaceIn(directory.users, user, { ...user, ...change, updated_at: ctx.iso(t) });
      return ctx.emit('dsync.user.updated', { ...next, previous_attributes: previous }, t);
    },
  },
  {
    name: 'dsync.user.deleted',
    weight: 3,
    run: (ctx, t) => {
      const directory = pickDirectory(ctx, (d) => d.users.length > 0);
      if (directory === null) return null;
      const user = ctx.rng.pick(directory.users);
      removeFrom(directory.users, user);
      for (const group of directory.groups) removeFrom(group.memberIds, str(user, 'id'));
      // Deprovisioned users arrive in the state they had at deletion: inactive.
      return ctx.emit('dsync.user.deleted', { ...user, state: 'inactive', updated_at: ctx.iso(t) }, t);
    },
  },
];

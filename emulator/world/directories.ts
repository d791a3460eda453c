import { DIRECTORY_TYPES, GROUP_NAMES } from './vocabulary.js';
import { createDirectoryUser } from './directory-users.js';
import { allDirectories, pickDirectory } from './directory-picks.js';
import { maybePick, removeFrom, str } from './world-state.js';
import type { DirectoryState, GroupState, OrgState, Payload, WorldAction, WorldCtx } from './world-state.js';
import type { EventInput } from '../event-types.js';

function activateDirectory(ctx: WorldCtx, org: OrgState, t: number): EventInput {
  const type = ctx.rng.pick(DIRECTORY_TYPES);
  const createdAt = t - ctx.rng.int(60_000, 3_600_000);
  const id = ctx.id('directory', createdAt);
  const payload: Payload = {
    object: 'directory',
    id,
    external_key: id.slice(-16).toLowerCase(),
    type,
    state: 'active',
    name: `${str(org.payload, 'name')} ${type}`,
    organization_id: org.id,
    domains: org.domains.map((d) => ({ object: 'organization_domain', id: d['id'], domain: d['domain'] })),
    created_at: ctx.iso(createdAt),
    updated_at: ctx.iso(t),
  };
  const directory: DirectoryState = { id, orgId: org.id, payload, users: [], groups: [] };
  org.directories.push(directory);
  ctx.state.directories.push(directory);
  // The initial sync: a burst of groups and users right after activation.
  const live = (): boolean => org.directories.includes(directory);
  for (let i = ctx.rng.int(1, 3); i > 0; i -= 1) ctx.later((at) => (live() ? createGroup(ctx, directory, at) : null));
  for (let i = ctx.rng.int(3, 12); i > 0; i -= 1) ctx.later((at) => (live() ? createDirectoryUser(ctx, directory, org, at) : null));
  return ctx.emit('dsync.activated', payload, t);
}

function createGroup(ctx: WorldCtx, directory: DirectoryState, t: number): EventInput {
  const name = ctx.rng.pick(GROUP_NAMES);
  const idpId = `${ctx.rng.int(100000, 999999)}`;
  const payload: Payload = {
    object: 'directory_group',
    id: ctx.id('directory_group', t),
    idp_id: idpId,
    directory_id: directory.id,
    organization_id: directory.orgId,
    name,
    raw_attributes: { id: idpId, displayName: name },
    created_at: ctx.iso(t),
    updated_at: ctx.iso(t),
  };
  directory.groups.push({ payload, memberIds: [] });
  return ctx.emit('dsync.group.created', payload, t);
}

function pickGroup(ctx: WorldCtx): { directory: DirectoryState; group: GroupState } | null {
  const directory = pickDirectory(ctx, (d) => d.groups.length > 0);
  return directory === null ? null : { directory, group: ctx.rng.pick(directory.groups) };
}

/** dsync.activated / dsync.deleted and dsync.group.created/updated/deleted. */
export const directoryActions: readonly WorldAction[] = [
  {
    name: 'dsync.activated',
    weight: 2,
    run: (ctx, t) => {
      const org = maybePick(ctx.rng, ctx.state.orgs.filter((o) => o.directories.length < 2));
      return org === null ? null : activateDirectory(ctx, org, t);
    },
  },
  {
    name: 'dsync.deleted',
    weight: 0.08,
    run: (ctx, t) => {
      const directory = maybePick(ctx.rng, allDirectories(ctx.state));
      if (directory === null) return null;
      const org = ctx.state.orgs.find((o) => o.id === directory.orgId);
      if (org !== undefined) removeFrom(org.directories, directory);
      removeFrom(ctx.state.directories, directory);
      // The deleted payload drops domains and external_key and reports the pre-deletion state.
      const { domains: _domains, external_key: _key, ...rest } = directory.payload;
      return ctx.emit('dsync.deleted', { ...rest, state: 'deleting', updated_at: ctx.iso(t) }, t);
    },
  },
  {
    name: 'dsync.group.created',
    weight: 3,
    run: (ctx, t) => {
      const directory = pickDirectory(ctx, (d) => d.groups.length < 12);
      return directory === null ? null : createGroup(ctx, directory, t);
    },
  },
  {
    name: 'dsync.group.updated',
    weight: 2.5,
    run: (ctx, t) => {
      const hit = pickGroup(ctx);
      if (hit === null) return null;
      const previous = str(hit.group.payload, 'name');
      const name = previous.endsWith(' (EMEA)') ? previous.slice(0, -7) : `${previous} (EMEA)`;
      hit.group.payload = { ...hit.group.payload, name, raw_attributes: { id: hit.group.payload['idp_id'], displayName: name }, updated_at: ctx.iso(t) };
      return ctx.emit('dsync.group.updated', { ...hit.group.payload, previous_attributes: { name: previous } }, t);
    },
  },
  {
    name: 'dsync.group.deleted',
    weight: 0.6,
    run: (ctx, t) => {
      const hit = pickGroup(ctx);
      if (hit === null) return null;
      removeFrom(hit.directory.groups, hit.group);
      hit.group.payload = { ...hit.group.payload, updated_at: ctx.iso(t) };
      return ctx.emit('dsync.group.deleted', hit.group.payload, t);
    },
  },
];

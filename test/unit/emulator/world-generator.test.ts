import { beforeAll, describe, expect, it } from 'vitest';
import { SDK_EVENT_NAMES } from '../../../emulator/event-names.js';
import type { EventInput } from '../../../emulator/event-types.js';
import { organizationIdOf } from '../../../emulator/organization-of.js';
import { createWorldGenerator, generateWorld } from '../../../emulator/world/world-generator.js';

type Obj = Record<string, unknown>;
const START = Date.parse('2025-01-01T00:00:00.000Z');
const END = Date.parse('2025-01-08T00:00:00.000Z');
const data = (e: EventInput) => e.data as Obj;

let world: EventInput[];
let elapsedMs: number;
beforeAll(() => {
  const t0 = performance.now();
  world = generateWorld({ seed: 42, organizations: 50, events: 20_000, start: START, end: END });
  elapsedMs = performance.now() - t0;
});

const ofType = (prefix: string) => world.filter((e) => e.event.startsWith(prefix));

describe('generateWorld: scale and determinism', () => {
  it('builds 20,000 events over 50+ organizations quickly', () => {
    expect(world).toHaveLength(20_000);
    const orgs = new Set(world.map((e) => organizationIdOf(e.event, e.data)).filter((id) => id !== null));
    expect(orgs.size).toBeGreaterThanOrEqual(50);
    // Typically ~0.5 s on a slow 2-core runner; the bound leaves room for a loaded CI machine.
    expect(elapsedMs).toBeLessThan(4000);
  });

  it('is identical for the same seed and different for another', () => {
    const a = generateWorld({ seed: 7, organizations: 10, events: 2000, start: START, end: END });
    const b = generateWorld({ seed: 7, organizations: 10, events: 2000, start: START, end: END });
    const c = generateWorld({ seed: 8, organizations: 10, events: 2000, start: START, end: END });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
    expect(JSON.stringify(c)).not.toBe(JSON.stringify(a));
  });

  it('orders timestamps within [start, end) and only emits SDK-known names', () => {
    const times = world.map((e) => e.createdAt as number);
    expect(times.every((t, i) => t >= START && t < END && (i === 0 || t >= (times[i - 1] as number)))).toBe(true);
    const known = new Set<string>(SDK_EVENT_NAMES);
    expect(world.filter((e) => !known.has(e.event))).toEqual([]);
    expect(new Set(world.map((e) => e.event)).size).toBeGreaterThanOrEqual(55);
  });

  it('continues the same world after generate() (for the live trickle)', () => {
    const generator = createWorldGenerator({ seed: 3, organizations: 5 });
    generator.generate(500, START, END);
    const more = [generator.next(END), generator.next(END + 5)];
    expect(more.map((e) => e.createdAt)).toEqual([END, END + 5]);
    expect(generator.state.orgs.length).toBeGreaterThan(0);
  });
});

describe('generateWorld: payload shapes (reference §3)', () => {
  it('gives every dsync.user/group.updated a non-empty previous_attributes of changed keys', () => {
    const bad = [...ofType('dsync.user.updated'), ...ofType('dsync.group.updated')].filter((e) => {
      const prev = data(e)['previous_attributes'] as Obj | undefined;
      if (prev === undefined || Object.keys(prev).length === 0) return true;
      return Object.entries(prev).some(([key, old]) => JSON.stringify(data(e)[key]) === JSON.stringify(old));
    });
    expect(bad).toEqual([]);
    expect(ofType('dsync.user.updated').length).toBeGreaterThan(100);
  });

  it('shapes group membership events as {directory_id, user, group} only', () => {
    const events = [...ofType('dsync.group.user_added'), ...ofType('dsync.group.user_removed')];
    expect(events.length).toBeGreaterThan(50);
    for (const e of events) {
      expect(Object.keys(data(e)).sort()).toEqual(['directory_id', 'group', 'user']);
      expect((data(e)['user'] as Obj)['object']).toBe('directory_user');
      expect((data(e)['user'] as Obj)['groups']).toBeUndefined();
    }
  });

  it('keeps user-management payloads environment-wide and token shapes exact', () => {
    const has = (prefix: string, key: string) => ofType(prefix).filter((e) => key in data(e)).map((e) => e.event);
    expect(ofType('user.').length).toBeGreaterThan(100);
    expect(has('user.', 'organization_id')).toEqual([]);
    expect(has('password_reset.', 'updated_at')).toEqual([]);
    expect(has('authentication.', 'id')).toEqual([]);
    expect(has('authentication.', 'created_at')).toEqual([]);
    expect(has('role.', 'organization_id')).toEqual([]);
    expect(has('permission.', 'organization_id')).toEqual([]);
    expect(has('organization.', 'organization_id')).toEqual([]);
    const orgs = ofType('organization.');
    expect(orgs.filter((e) => !String(data(e)['id']).startsWith('org_') || !Array.isArray(data(e)['domains']))).toEqual([]);
  });

  it('produces SSO sign-ins with sso.organization_id and nested verification failures', () => {
    const sso = ofType('authentication.sso_succeeded');
    expect(sso.length).toBeGreaterThan(0);
    expect(sso.every((e) => typeof (data(e)['sso'] as Obj)['organization_id'] === 'string')).toBe(true);
    const failed = ofType('organization_domain.verification_failed');
    expect(failed.length).toBeGreaterThan(0);
    for (const e of failed) expect((data(e)['organization_domain'] as Obj)['state']).toBe('failed');
  });

  it('mixes context {}, {client_id} and absent', () => {
    expect(world.some((e) => e.context !== undefined && Object.keys(e.context).length === 0)).toBe(true);
    expect(world.some((e) => typeof e.context?.['client_id'] === 'string')).toBe(true);
    expect(world.some((e) => e.context === undefined)).toBe(true);
  });
});

describe('generateWorld: entity consistency', () => {
  /** Entities a payload carries, keyed by id, with their timestamps. */
  function entities(e: EventInput): Obj[] {
    const d = data(e);
    if (e.event.startsWith('dsync.group.user_')) return [d['user'] as Obj, d['group'] as Obj];
    if (e.event === 'organization_domain.verification_failed') return [d['organization_domain'] as Obj];
    return typeof d['id'] === 'string' && typeof d['updated_at'] === 'string' ? [d] : [];
  }

  it('never moves updated_at backwards per entity, and never past the event time', () => {
    const last = new Map<string, number>();
    const violations: string[] = [];
    for (const e of world) {
      for (const entity of entities(e)) {
        const id = String(entity['id']);
        const updated = Date.parse(String(entity['updated_at']));
        if (!(updated <= (e.createdAt as number))) violations.push(`${id} updated after its event`);
        if (!(Date.parse(String(entity['created_at'])) <= updated)) violations.push(`${id} created after updated`);
        if (updated < (last.get(id) ?? 0)) violations.push(`${id} updated_at went backwards at ${e.event}`);
        last.set(id, updated);
      }
    }
    expect(violations).toEqual([]);
    expect(last.size).toBeGreaterThan(5000);
  });

  it('emits nothing for an entity after its deletion, and deletions carry the final state', () => {
    const deleted = new Set<string>();
    const resurrected: string[] = [];
    for (const e of world) {
      for (const entity of entities(e)) if (deleted.has(String(entity['id']))) resurrected.push(`${e.event} ${String(entity['id'])}`);
      if (e.event.endsWith('.deleted') && typeof data(e)['id'] === 'string') deleted.add(String(data(e)['id']));
    }
    expect(resurrected).toEqual([]);
    expect(deleted.size).toBeGreaterThan(100);
    expect(ofType('dsync.user.deleted').every((e) => data(e)['state'] === 'inactive')).toBe(true);
    expect(ofType('dsync.deleted').every((e) => data(e)['state'] === 'deleting' && !('domains' in data(e)))).toBe(true);
  });
});

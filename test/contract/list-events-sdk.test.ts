import type { EventName, ListEventOptions } from '@workos-inc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizationIdOf } from '../../emulator/organization-of.js';
import { decodeUlidTime } from '../../emulator/ulid.js';
import { ALL_SDK_EVENTS, DAY_MS, NOW, drainRaw, startFixture } from './support/emulator-fixture.js';
import type { Fixture, RawList } from './support/emulator-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture({ seed: 11, events: 2500, organizations: 20 });
});
afterAll(async () => {
  await fx.close();
});

describe('workos.events.listEvents (typed) against the emulator', () => {
  it('returns a deserialized List with camelCase data, Date timestamps and listMetadata.after', async () => {
    const list = await fx.workos.events.listEvents({ events: ALL_SDK_EVENTS });
    expect(list.object).toBe('list');
    expect(list.data).toHaveLength(10); // default limit
    const truth = fx.truth();
    expect(list.data.map((e) => e.id)).toEqual(truth.slice(0, 10).map((e) => e.id));
    // 12.3.0 turns created_at into a Date (8.13.0 kept the string).
    expect(list.data.map((e) => e.createdAt)).toEqual(truth.slice(0, 10).map((e) => new Date(e.created_at)));
    expect(list.listMetadata.after).toBe(truth[9]?.id);
    const user = list.data.find((e) => e.event === 'dsync.user.created');
    if (user?.event === 'dsync.user.created') expect(user.data.directoryId).toMatch(/^directory_/);
  });

  it('sends events comma-joined, exactly as the reference says, and the other options by their wire names', async () => {
    fx.emulator.stats.reset();
    const rangeStart = new Date(NOW - DAY_MS).toISOString();
    await fx.workos.events.listEvents({ events: ['dsync.user.updated', 'user.created'], organizationId: 'org_1', rangeStart, limit: 5 });
    expect(fx.emulator.stats.log[0]?.url).toBe(
      `/events?events=dsync.user.updated%2Cuser.created&organization_id=org_1&range_start=${encodeURIComponent(rangeStart)}&limit=5`,
    );
  });

  it('no longer sends order: 12.3.0 dropped it from ListEventOptions and its serializer', async () => {
    fx.emulator.stats.reset();
    const withOrder = { events: ['user.created'], limit: 5, order: 'desc' } as ListEventOptions;
    await fx.workos.events.listEvents(withOrder);
    expect(fx.emulator.stats.log[0]?.url).toBe('/events?events=user.created&limit=5');
  });

  it('treats events: [] (sent by the SDK as "events=") as no filter', async () => {
    fx.emulator.stats.reset();
    const list = await fx.workos.events.listEvents({ events: [], limit: 3 });
    expect(fx.emulator.stats.log[0]?.url).toBe('/events?events=&limit=3');
    expect(list.data.map((e) => e.id)).toEqual(fx.truth().slice(0, 3).map((e) => e.id));
  });

  it('pages with after through every event exactly once, in order (limit 100)', async () => {
    const seen: string[] = [];
    let after: string | undefined;
    for (let page = 0; page < 100; page += 1) {
      const list = await fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, limit: 100, ...(after ? { after } : {}) });
      if (list.data.length === 0) break;
      expect(list.data.length).toBeLessThanOrEqual(100);
      seen.push(...list.data.map((e) => e.id));
      // Connector rule: the cursor is the last event actually received, not list_metadata.after.
      after = list.data[list.data.length - 1]?.id;
    }
    expect(seen).toEqual(fx.truth().map((e) => e.id));
  });

  it('ignores order sent on the wire: desc still returns oldest-first', async () => {
    const asc = await fx.workos.get<RawList>('/events', { query: { limit: 20, order: 'asc' } });
    const desc = await fx.workos.get<RawList>('/events', { query: { limit: 20, order: 'desc' } });
    expect(desc.data.data.map((e) => e.id)).toEqual(asc.data.data.map((e) => e.id));
    expect(asc.data.data.map((e) => e.created_at)).toEqual([...asc.data.data.map((e) => e.created_at)].sort());
    expect(asc.data.data.map((e) => e.id)).toEqual(fx.truth().slice(0, 20).map((e) => e.id));
  });

  it('filters by event type', async () => {
    const names: EventName[] = ['dsync.user.updated', 'organization.updated'];
    const list = await fx.workos.events.listEvents({ events: names, limit: 100 });
    const expected = fx.truth().filter((e) => names.includes(e.event as EventName)).slice(0, 100);
    expect(list.data.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(new Set(list.data.map((e) => e.event))).toEqual(new Set(names));
  });

  it('has ids whose ULID time equals createdAt', async () => {
    const list = await fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, limit: 100 });
    expect(list.data.every((e) => /^event_[0-9A-HJKMNP-TV-Z]{26}$/.test(e.id))).toBe(true);
    expect(list.data.map((e) => decodeUlidTime(e.id))).toEqual(list.data.map((e) => e.createdAt.getTime()));
  });
});

describe('workos.get("/events") (raw) against the emulator', () => {
  it('returns raw snake_case JSON, including fields the typed path drops', async () => {
    const { data } = await fx.workos.get<RawList>('/events', { query: { events: ['dsync.user.created'], limit: 1 } });
    const event = data.data[0];
    expect(event?.object).toBe('event');
    expect(event?.data).toHaveProperty('directory_id');
    expect(event?.data).toHaveProperty('emails');
    const typed = await fx.workos.events.listEvents({ events: ['dsync.user.created'], limit: 1 });
    expect(typed.data[0]?.data).not.toHaveProperty('emails');
  });

  it('follows list_metadata.after to the end; after is null on the last page', async () => {
    const { events, pages } = await drainRaw(fx.workos, { limit: 100 });
    expect(events.map((e) => e.id)).toEqual(fx.truth().map((e) => e.id));
    expect(pages).toBe(Math.ceil(fx.truth().length / 100));
  });

  it('uses limit 10 by default and accepts the maximum of 100', async () => {
    const small = await fx.workos.get<RawList>('/events', { query: {} });
    expect(small.data.data).toHaveLength(10);
    const max = await fx.workos.get<RawList>('/events', { query: { limit: 100 } });
    expect(max.data.data).toHaveLength(100);
  });

  it('filters by organization_id, excluding events without an organization', async () => {
    const counts = new Map<string, number>();
    for (const e of fx.truth()) {
      const org = organizationIdOf(e.event, e.data);
      if (org !== null) counts.set(org, (counts.get(org) ?? 0) + 1);
    }
    const [orgId] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [''];
    const { events } = await drainRaw(fx.workos, { organization_id: orgId, limit: 50 });
    const expected = fx.truth().filter((e) => organizationIdOf(e.event, e.data) === orgId);
    expect(events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(events.some((e) => e.event.startsWith('user.'))).toBe(false);
    // The typed path sends the same filter as organization_id.
    const typed = await fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, organizationId: orgId, limit: 5 });
    expect(typed.data.map((e) => e.id)).toEqual(expected.slice(0, 5).map((e) => e.id));
  });

  it('restricts to range_start/range_end (ISO strings), with and without range_end', async () => {
    const start = new Date(NOW - 2 * DAY_MS).toISOString();
    const end = new Date(NOW - DAY_MS).toISOString();
    const { events } = await drainRaw(fx.workos, { range_start: start, range_end: end, limit: 100 });
    const expected = fx.truth().filter((e) => e.created_at >= start && e.created_at <= end);
    expect(events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    expect(events.length).toBeGreaterThan(100);
    const typed = await fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, rangeStart: end, limit: 3 });
    expect(typed.data.map((e) => e.id)).toEqual(fx.truth().filter((e) => e.created_at >= end).slice(0, 3).map((e) => e.id));
  });
});

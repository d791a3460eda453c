import { GenericServerException } from '@workos-inc/node';
import type { EventName } from '@workos-inc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DAY_MS, NOW, drainRaw, rejectionOf } from './support/emulator-fixture.js';
import { drainList, startStateFixture } from './support/state-fixture.js';
import type { StateFixture } from './support/state-fixture.js';
import { worldOracle } from './support/world-oracle.js';

// A world with 180 days of history while /events keeps its default 30-day retention.
let fx: StateFixture;
beforeAll(async () => {
  fx = await startStateFixture({ seed: 61, events: 3000, historyDays: 180, organizations: 10 });
});
afterAll(async () => {
  await fx.close();
});

const retainedFrom = () => new Date(fx.clock.now() - 30 * DAY_MS).toISOString();

describe('/events over a history longer than retention', () => {
  it('serves exactly the events of the last 30 days, oldest first', async () => {
    const { events } = await drainRaw(fx.workos, { limit: 100 });
    const retained = fx.truth().filter((e) => e.created_at >= retainedFrom());
    expect(retained.length).toBeLessThan(fx.truth().length / 4);
    expect(events.map((e) => e.id)).toEqual(retained.map((e) => e.id));
  });

  it('refuses an after cursor that points at an expired event with 400 invalid_after_cursor', async () => {
    const expired = fx.truth().find((e) => e.created_at < retainedFrom());
    const error = await rejectionOf(fx.workos.events.listEvents({ events: ['user.created'] as EventName[], after: expired?.id ?? '' }));
    expect(error).toBeInstanceOf(GenericServerException);
    expect((error as GenericServerException).status).toBe(400);
    expect((error as GenericServerException).rawData).toMatchObject({ code: 'invalid_after_cursor' });
  });

  it('accepts the newest expired cursor again once retention is widened (a live behaviour switch)', async () => {
    const expired = fx.truth().filter((e) => e.created_at < retainedFrom()).at(-1);
    fx.emulator.behaviour.retentionMs = 365 * DAY_MS;
    try {
      const page = await fx.workos.get<{ data: { id: string }[] }>('/events', { query: { after: expired?.id, limit: 1 } });
      const next = fx.truth()[fx.truth().findIndex((e) => e.id === expired?.id) + 1];
      expect(page.data.data.map((e) => e.id)).toEqual([next?.id]);
    } finally {
      fx.emulator.behaviour.retentionMs = 30 * DAY_MS;
    }
  });

  it('still lists, in the state APIs, objects that no served event mentions', async () => {
    const { events } = await drainRaw(fx.workos, { limit: 100 });
    const served = JSON.stringify(events);
    const oracle = worldOracle(fx.generator.state);
    const orgs = (await drainList(fx.workos, '/organizations')).items;
    const users = (await drainList(fx.workos, '/user_management/users')).items;
    const silent = [...orgs, ...users].filter((o) => !served.includes(String(o['id'])));
    expect(silent.length).toBeGreaterThan(0);
    expect(orgs.map((o) => o['id']).sort()).toEqual(oracle.organizations.map((o) => o['id']).sort());
    // Such an object was created before the retention horizon.
    expect(silent.every((o) => String(o['created_at']) < retainedFrom())).toBe(true);
  });

  it('moves with the clock: advancing it expires more history but changes no listed object', async () => {
    const before = (await drainList(fx.workos, '/user_management/users')).items;
    const servedBefore = (await drainRaw(fx.workos, { limit: 100 })).events.length;
    fx.clock.advance(10 * DAY_MS);
    try {
      expect((await drainRaw(fx.workos, { limit: 100 })).events.length).toBeLessThan(servedBefore);
      expect((await drainList(fx.workos, '/user_management/users')).items).toEqual(before);
    } finally {
      fx.clock.advance(-10 * DAY_MS);
    }
  });
});

describe('worlds born inside the window keep the old defaults', () => {
  it('serves every event of a 3-day world', async () => {
    const young = await startStateFixture({ seed: 62, events: 500 });
    try {
      const { events } = await drainRaw(young.workos, { limit: 100 });
      expect(events.map((e) => e.id)).toEqual(young.truth().map((e) => e.id));
      expect(Date.parse(young.truth()[0]?.created_at ?? '')).toBeGreaterThanOrEqual(NOW - 3 * DAY_MS);
    } finally {
      await young.close();
    }
  });
});

import { GenericServerException, UnprocessableEntityException } from '@workos-inc/node';
import type { EventName } from '@workos-inc/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_BEHAVIOUR } from '../../emulator/behaviour.js';
import { ALL_SDK_EVENTS, DAY_MS, NOW, rawFetch, rejectionOf, startFixture } from './support/emulator-fixture.js';
import type { Fixture, RawList } from './support/emulator-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture({ seed: 5, events: 600 });
});
afterEach(() => {
  // Tests below flip behaviour switches; restore the documented defaults.
  Object.assign(fx.emulator.behaviour, DEFAULT_BEHAVIOUR, { knownEventNames: fx.emulator.behaviour.knownEventNames });
});
afterAll(async () => {
  await fx.close();
});

const idsOf = (body: Record<string, unknown>) => (body as unknown as RawList).data.map((e) => e.id);

describe('events filter encodings', () => {
  it('gives the same page for comma-joined, repeated and bracket forms', async () => {
    const expected = fx.truth().filter((e) => e.event === 'user.created' || e.event === 'dsync.user.deleted').slice(0, 50).map((e) => e.id);
    for (const qs of [
      'events=user.created,dsync.user.deleted',
      'events=user.created%2Cdsync.user.deleted',
      'events=user.created&events=dsync.user.deleted',
      'events[]=user.created&events[]=dsync.user.deleted',
      'events%5B%5D=user.created&events%5B%5D=dsync.user.deleted',
    ]) {
      const res = await rawFetch(fx.emulator, `/events?limit=50&${qs}`);
      expect(res.status, qs).toBe(200);
      expect(idsOf(res.json()), qs).toEqual(expected);
    }
    expect(expected.length).toBeGreaterThan(10);
  });

  it('rejects an unknown name with 400 invalid_events_request (SDK: GenericServerException)', async () => {
    const error = await rejectionOf(fx.workos.events.listEvents({ events: ['user.created', 'x' as EventName] }));
    expect(error).toBeInstanceOf(GenericServerException);
    const e = error as GenericServerException;
    expect(e.status).toBe(400);
    expect(e.message).toBe("Invalid name parameter, received: 'x'. You must pass in valid event names");
    expect(e.rawData).toEqual({ code: 'invalid_events_request', message: e.message });
    const res = await rawFetch(fx.emulator, '/events?events[]=user.created&events[]=nope');
    expect(res.status).toBe(400);
    expect(res.json()['message']).toContain("received: 'nope'");
  });

  it('accepts a name newer than the SDK once configured; the SDK passes it through untouched', async () => {
    const second = await startFixture({
      inputs: [{ event: 'widget.spun', data: { id: 'widget_1', spin_rate: 3 }, createdAt: NOW - 1000 }],
      behaviour: { extraEventNames: ['widget.spun'] },
    });
    try {
      const list = await second.workos.events.listEvents({ events: ['widget.spun' as EventName] });
      // 12.3.0 returns an UnknownEvent: its name and snake_case data as served, createdAt a Date
      // (8.13.0 returned undefined for a name it did not know).
      expect(list.data).toEqual([{ id: second.truth()[0]?.id, event: 'widget.spun', data: { id: 'widget_1', spin_rate: 3 }, createdAt: new Date(NOW - 1000), context: undefined }]);
      const raw = await second.workos.get<RawList>('/events', { query: { events: ['widget.spun'] } });
      expect(raw.data.data[0]?.data).toEqual({ id: 'widget_1', spin_rate: 3 });
    } finally {
      await second.close();
    }
  });
});

describe('parameter validation', () => {
  it('rejects limit outside 1..100 with 422 (SDK: UnprocessableEntityException)', async () => {
    for (const limit of [0, 101]) {
      const error = await rejectionOf(fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, limit }));
      expect(error).toBeInstanceOf(UnprocessableEntityException);
      expect((error as UnprocessableEntityException).status).toBe(422);
      expect((error as Error).message).toContain('limit_out_of_range');
    }
  });

  it('rejects after together with range_start, or ignores range_start when configured', async () => {
    const after = fx.truth()[100]?.id ?? '';
    const rangeStart = new Date(NOW - DAY_MS).toISOString();
    const error = await rejectionOf(fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, after, rangeStart }));
    expect(error).toBeInstanceOf(UnprocessableEntityException);
    expect((error as Error).message).toContain('mutually_exclusive');
    fx.emulator.behaviour.afterWithRangeStart = 'ignore-range-start';
    const list = await fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, after, rangeStart, limit: 3 });
    expect(list.data.map((e) => e.id)).toEqual(fx.truth().slice(101, 104).map((e) => e.id));
  });

  it('rejects a range_start..range_end window wider than 30 days', async () => {
    const error = await rejectionOf(
      fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, rangeStart: new Date(NOW - 31 * DAY_MS).toISOString(), rangeEnd: new Date(NOW).toISOString() }),
    );
    expect(error).toBeInstanceOf(UnprocessableEntityException);
    expect((error as Error).message).toContain('range_too_wide');
    const ok = await fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, rangeStart: new Date(NOW - 30 * DAY_MS).toISOString(), rangeEnd: new Date(NOW).toISOString() });
    expect(ok.data).toHaveLength(10);
  });

  it('answers an unknown after cursor with 400 by default, never restarting from the beginning', async () => {
    const unknown = 'event_01JX0000000000000000000000';
    const error = await rejectionOf(fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, after: unknown }));
    expect(error).toBeInstanceOf(GenericServerException);
    expect((error as GenericServerException).status).toBe(400);
    expect((error as GenericServerException).rawData).toMatchObject({ code: 'invalid_after_cursor' });
    fx.emulator.behaviour.unknownAfter = 'empty';
    expect((await fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, after: unknown })).data).toEqual([]);
    fx.emulator.behaviour.unknownAfter = 'by-id';
    const mid = fx.truth()[300]?.id ?? '';
    const probe = `${mid.slice(0, 16)}0000000000000000`; // sorts just before event 300
    const list = await fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, after: probe, limit: 2 });
    expect(list.data.map((e) => e.id)).toEqual(fx.truth().slice(300, 302).map((e) => e.id));
  });

  it('can return the last id on the final page when alwaysReturnLastId is set', async () => {
    const lastTwo = fx.truth().slice(-2);
    const page = await fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, after: lastTwo[0]?.id ?? '' });
    expect(page.listMetadata.after).toBeNull();
    fx.emulator.behaviour.alwaysReturnLastId = true;
    const again = await fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, after: lastTwo[0]?.id ?? '' });
    expect(again.listMetadata.after).toBe(lastTwo[1]?.id);
  });
});

describe('retention and clock', () => {
  it('does not serve events older than 30 days and rejects a cursor that expired', async () => {
    const inputs = [45, 31, 29, 1].map((days) => ({ event: 'user.created', data: { id: `user_${days}` }, createdAt: NOW - days * DAY_MS }));
    const old = await startFixture({ inputs });
    try {
      const list = await old.workos.events.listEvents({ events: ['user.created'] });
      const ids = old.truth().map((e) => e.id);
      expect(list.data.map((e) => e.id)).toEqual(ids.slice(2));
      const expiredCursor = old.truth()[1]?.id ?? '';
      const error = await rejectionOf(old.workos.events.listEvents({ events: ['user.created'], after: expiredCursor }));
      expect((error as GenericServerException).status).toBe(400);
      // Moving the clock 2 days on expires the 29-day-old event too.
      old.clock.advance(2 * DAY_MS);
      expect((await old.workos.events.listEvents({ events: ['user.created'] })).data.map((e) => e.id)).toEqual(ids.slice(3));
    } finally {
      await old.close();
    }
  });
});

describe('headers on every response', () => {
  it('sends application/json and X-Request-ID for 200, 400, 401, 404, 405, 422', async () => {
    const cases: [string, string | null, number][] = [
      ['/events', fx.emulator.apiKey, 200],
      ['/events?events=x', fx.emulator.apiKey, 400],
      ['/events', null, 401],
      ['/events', 'sk_wrong', 401],
      ['/no_such_endpoint', fx.emulator.apiKey, 404],
      ['/events?limit=500', fx.emulator.apiKey, 422],
    ];
    for (const [path, key, status] of cases) {
      const res = await rawFetch(fx.emulator, path, key);
      expect(res.status, path).toBe(status);
      expect(res.headers.get('content-type'), path).toContain('application/json');
      expect(res.headers.get('x-request-id'), path).toMatch(/^req_[0-9a-f]{32}$/);
      expect(() => res.json(), path).not.toThrow();
    }
    const post = await fetch(`${fx.emulator.url}/events`, { method: 'POST', headers: { Authorization: `Bearer ${fx.emulator.apiKey}` } });
    expect(post.status).toBe(405);
    expect(post.headers.get('content-type')).toContain('application/json');
  });
});

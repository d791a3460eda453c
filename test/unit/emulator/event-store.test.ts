import { describe, expect, it } from 'vitest';
import { createManualClock } from '../../../emulator/clock.js';
import { EventStore } from '../../../emulator/event-store.js';
import { decodeUlidTime } from '../../../emulator/ulid.js';

const T0 = Date.parse('2025-03-01T12:00:00.000Z');

describe('EventStore', () => {
  it('assigns event_ ULID ids whose time equals created_at, in insertion order', () => {
    const store = new EventStore();
    const inputs = [0, 0, 0, 5, 5, 900].map((offset) => ({ event: 'user.created', data: { id: `user_${offset}` }, createdAt: T0 + offset }));
    const events = store.appendMany(inputs);
    expect(events.map((e) => e.id).every((id) => /^event_[0-9A-HJKMNP-TV-Z]{26}$/.test(id))).toBe(true);
    expect(events.map((e) => decodeUlidTime(e.id))).toEqual(events.map((e) => Date.parse(e.created_at)));
    expect(events.map((e) => e.id)).toEqual(events.map((e) => e.id).sort());
    expect(events[0]?.created_at).toBe('2025-03-01T12:00:00.000Z');
    expect(store.size).toBe(6);
    expect(store.all()).toEqual(events);
  });

  it('defaults created_at to the clock and omits absent context', () => {
    const clock = createManualClock(T0);
    const store = new EventStore({ clock });
    const e = store.append({ event: 'role.created', data: { slug: 'x' } });
    expect(e.created_at).toBe(new Date(T0).toISOString());
    expect('context' in e).toBe(false);
    expect(store.append({ event: 'role.created', data: {}, context: {} }).context).toEqual({});
  });

  it('rejects an event older than the newest one, because its id could not sort after it', () => {
    const store = new EventStore();
    store.append({ event: 'user.created', data: {}, createdAt: T0 });
    expect(() => store.append({ event: 'user.created', data: {}, createdAt: T0 - 1 })).toThrow(RangeError);
  });

  it('is reproducible for a seed', () => {
    const ids = (seed: number) => new EventStore({ seed }).appendMany([{ event: 'a', data: {}, createdAt: T0 }, { event: 'a', data: {}, createdAt: T0 }]).map((e) => e.id);
    expect(ids(1)).toEqual(ids(1));
    expect(ids(1)).not.toEqual(ids(2));
  });

  it('indexes by id, time and organization and notifies listeners', () => {
    const store = new EventStore();
    const seen: string[] = [];
    const off = store.onAppend((e) => seen.push(e.id));
    const [a, b, c] = store.appendMany([
      { event: 'organization.created', data: { id: 'org_1' }, createdAt: T0 },
      { event: 'user.created', data: { id: 'user_1' }, createdAt: T0 + 10 },
      { event: 'dsync.user.created', data: { organization_id: 'org_2' }, createdAt: T0 + 20 },
    ]);
    off();
    store.append({ event: 'user.created', data: {}, createdAt: T0 + 30 });
    expect(seen).toEqual([a?.id, b?.id, c?.id]);
    expect(store.indexOf(b?.id ?? '')).toBe(1);
    expect(store.indexOf('event_nope')).toBe(-1);
    expect([store.organizationAt(0), store.organizationAt(1), store.organizationAt(2)]).toEqual(['org_1', null, 'org_2']);
    expect(store.firstIndexAtOrAfter(T0 + 10)).toBe(1);
    expect(store.firstIndexAfter(T0 + 10)).toBe(2);
    expect(store.firstIndexAtOrAfter(T0 + 99)).toBe(4);
    expect(store.firstIndexWithIdAfter(b?.id ?? '')).toBe(2);
    expect(JSON.parse(store.jsonAt(0))).toEqual(a);
  });
});

import { describe, expect, it } from 'vitest';
import { resolveBehaviour } from '../../../emulator/behaviour.js';
import type { EmulatorBehaviourOptions } from '../../../emulator/behaviour.js';
import { EventStore } from '../../../emulator/event-store.js';
import { listEvents } from '../../../emulator/list-events.js';
import { parseListQuery } from '../../../emulator/list-query.js';

const DAY = 86_400_000;
const NOW = Date.parse('2025-06-01T00:00:00Z');

function fixture() {
  const store = new EventStore();
  // Two expired events (40 and 35 days old), then eight recent ones, then one in the future.
  const offsets = [-40 * DAY, -35 * DAY, -5 * DAY, -4 * DAY, -4 * DAY, -3 * DAY, -2 * DAY, -DAY, -1000, 0, DAY];
  store.appendMany(offsets.map((o, i) => ({ event: i % 2 === 0 ? 'user.created' : 'dsync.user.created', data: { id: `x${i}`, ...(i % 3 === 0 ? { organization_id: 'org_a' } : {}) }, createdAt: NOW + o })));
  return store;
}

function run(store: EventStore, qs: string, options: EmulatorBehaviourOptions = {}) {
  const behaviour = resolveBehaviour(options);
  const parsed = parseListQuery(new URLSearchParams(qs), behaviour, NOW);
  if (!parsed.ok) throw new Error('bad query in test');
  const result = listEvents(store, parsed.query, behaviour, NOW);
  if (!result.ok) return { status: result.error.status, ids: [] as string[], after: null, body: result.error.body };
  const body = JSON.parse(result.page.body) as { object: string; data: { id: string }[]; list_metadata: { after: string | null } };
  return { status: 200, ids: body.data.map((e) => e.id), after: body.list_metadata.after, body };
}

describe('listEvents', () => {
  it('serves retained, non-future events oldest-first with the list envelope', () => {
    const store = fixture();
    const all = store.all().map((e) => e.id);
    const page = run(store, 'limit=100');
    expect(page.ids).toEqual(all.slice(2, 10));
    expect(page.after).toBeNull();
    expect(page.body).toMatchObject({ object: 'list' });
  });

  it('sets list_metadata.after only while more items remain, or always when configured', () => {
    const store = fixture();
    const first = run(store, 'limit=3');
    expect(first.after).toBe(first.ids[2]);
    const last = run(store, `limit=5&after=${first.after}`);
    expect(last.ids).toHaveLength(5);
    expect(last.after).toBeNull();
    expect(run(store, `limit=5&after=${first.after}`, { alwaysReturnLastId: true }).after).toBe(last.ids[4]);
  });

  it('filters by type and organization', () => {
    const store = fixture();
    const all = store.all();
    expect(run(store, 'events=user.created&limit=100').ids).toEqual(all.filter((e, i) => i >= 2 && i < 10 && e.event === 'user.created').map((e) => e.id));
    expect(run(store, 'organization_id=org_a&limit=100').ids).toEqual([all[3]?.id, all[6]?.id, all[9]?.id]);
  });

  it('applies range_start/range_end inclusively', () => {
    const store = fixture();
    const all = store.all();
    const start = new Date(NOW - 4 * DAY).toISOString();
    const end = new Date(NOW - 2 * DAY).toISOString();
    expect(run(store, `range_start=${start}&range_end=${end}`).ids).toEqual(all.slice(3, 7).map((e) => e.id));
  });

  it('handles an expired or unknown after according to unknownAfter', () => {
    const store = fixture();
    const expired = store.all()[0]?.id ?? '';
    expect(run(store, `after=${expired}`).status).toBe(400);
    expect(run(store, `after=${expired}`).body).toMatchObject({ code: 'invalid_after_cursor' });
    expect(run(store, `after=${expired}`, { unknownAfter: 'empty' }).ids).toEqual([]);
    // by-id: continue after the position the id would have; never from the very beginning.
    const byId = run(store, `after=${expired}&limit=100`, { unknownAfter: 'by-id' });
    expect(byId.ids[0]).toBe(store.all()[2]?.id);
    const unknownRecent = `${(store.all()[5]?.id ?? '').slice(0, 16)}0000000000000000`;
    expect(run(store, `after=${unknownRecent}&limit=100`, { unknownAfter: 'by-id' }).ids[0]).toBe(store.all()[5]?.id);
  });

  it('serves future events when hideFutureEvents is off', () => {
    const store = fixture();
    expect(run(store, 'limit=100', { hideFutureEvents: false }).ids).toHaveLength(9);
  });
});

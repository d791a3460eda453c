import type { Event } from '@workos-inc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isSdkEventName } from '../../connector/event-types.js';
import { startLiveTrickle } from '../../emulator/live-trickle.js';
import { ALL_SDK_EVENTS, drainRaw, startFixture } from './support/emulator-fixture.js';
import type { Fixture } from './support/emulator-fixture.js';

let fx: Fixture;
beforeAll(async () => {
  fx = await startFixture({ seed: 21, events: 3000, organizations: 15 });
});
afterAll(async () => {
  await fx.close();
});

async function drainTyped(f: Fixture): Promise<Event[]> {
  const out: Event[] = [];
  let after: string | undefined;
  for (;;) {
    const list = await f.workos.events.listEvents({ events: ALL_SDK_EVENTS, limit: 100, ...(after ? { after } : {}) });
    out.push(...list.data);
    if (list.listMetadata.after === null || list.listMetadata.after === undefined) return out;
    after = list.listMetadata.after;
  }
}

describe('generated world through the real SDK', () => {
  it('serves the same stream for the same seed and a different one for another seed', async () => {
    const twin = await startFixture({ seed: 21, events: 3000, organizations: 15 });
    const other = await startFixture({ seed: 22, events: 3000, organizations: 15 });
    try {
      const [a, b, c] = await Promise.all([drainRaw(fx.workos, { limit: 100 }), drainRaw(twin.workos, { limit: 100 }), drainRaw(other.workos, { limit: 100 })]);
      expect(a.events).toHaveLength(3000);
      expect(JSON.stringify(b.events)).toBe(JSON.stringify(a.events));
      expect(c.events.map((e) => e.id)).not.toEqual(a.events.map((e) => e.id));
    } finally {
      await Promise.all([twin.close(), other.close()]);
    }
  });

  it('deserializes every generated event as a type the SDK knows, with valid dates', async () => {
    const events = await drainTyped(fx);
    expect(events).toHaveLength(3000);
    // 12.3.0 passes a name it does not know through as an UnknownEvent with raw data.
    expect(events.filter((e) => !isSdkEventName(e.event)).map((e) => e.event)).toEqual([]);
    expect(events.filter((e) => Number.isNaN(e.createdAt.getTime()))).toEqual([]);
    expect(new Set(events.map((e) => e.event)).size).toBeGreaterThanOrEqual(45);
  });

  it('yields the SDK shapes the connector will see for nested organization ids', async () => {
    const events = await drainTyped(fx);
    const added = events.find((e) => e.event === 'dsync.group.user_added');
    expect(added?.event === 'dsync.group.user_added' && added.data.user.organizationId).toMatch(/^org_/);
    const sso = events.find((e) => e.event === 'authentication.sso_succeeded');
    expect(sso?.event === 'authentication.sso_succeeded' && sso.data.sso?.organizationId).toMatch(/^org_/);
    const failed = events.find((e) => e.event === 'organization_domain.verification_failed');
    expect(failed?.event === 'organization_domain.verification_failed' && failed.data.organizationDomain.state).toBe('failed');
    const conn = events.find((e) => e.event === 'connection.activated');
    expect(conn?.event === 'connection.activated' && conn.data.type).toBeTruthy();
    const updated = events.find((e) => e.event === 'dsync.user.updated');
    expect(updated?.event === 'dsync.user.updated' && Object.keys(updated.data.previousAttributes ?? {}).length).toBeGreaterThan(0);
  });
});

describe('live trickle', () => {
  it('delivers new events to a reader polling with after, exactly once and in order', async () => {
    const initial = fx.truth().length;
    let cursor = fx.truth()[initial - 1]?.id ?? '';
    const trickle = startLiveTrickle({ store: fx.emulator.store, generator: fx.generator, eventsPerSecond: 200, clock: fx.clock });
    const received: string[] = [];
    try {
      const deadline = Date.now() + 8000;
      while (received.length < 60 && Date.now() < deadline) {
        fx.clock.advance(25); // Emulator time moves while the reader polls.
        const list = await fx.workos.events.listEvents({ events: ALL_SDK_EVENTS, after: cursor, limit: 100 });
        received.push(...list.data.map((e) => e.id));
        cursor = list.data[list.data.length - 1]?.id ?? cursor;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
    } finally {
      trickle.stop();
    }
    expect(received.length).toBeGreaterThanOrEqual(60);
    expect(trickle.emitted).toBeGreaterThanOrEqual(received.length);
    expect(received).toEqual(fx.truth().slice(initial, initial + received.length).map((e) => e.id));
    expect(new Set(received).size).toBe(received.length);
  });
});

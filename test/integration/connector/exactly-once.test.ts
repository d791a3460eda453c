import { afterEach, describe, expect, it } from 'vitest';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { connectorEnv, freshConnectorNames, startConnector } from '../../support/connector-harness.js';
import { testKafka } from '../../support/kafka-test-kit.js';
import { expectExactlyOnceInOrder, readPublishedEvents } from '../../support/published-events.js';
import { waitFor } from '../../support/wait-for.js';

const DAY_MS = 86_400_000;
let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('connector: every WorkOS event on Kafka exactly once', () => {
  it('publishes a 20,000-event stream across 60 organizations, in API order per key, values equal to what WorkOS served', async () => {
    emulator = await createWorkosEmulator({ seed: 7 });
    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 7, organizations: 60, events: 20_000, start: now - 20 * DAY_MS, end: now - 60_000 }));
    const served = emulator.store.all();
    const organizations = new Set(served.map((event) => (event.data as { organization_id?: string }).organization_id).filter(Boolean));
    expect(organizations.size).toBeGreaterThanOrEqual(50);

    const names = freshConnectorNames();
    const running = startConnector(connectorEnv(emulator, names));
    await waitFor(() => running.connector.lag.progress.eventsPublished >= served.length, 'all events published', 240_000);
    await running.stop();

    const published = await readPublishedEvents(testKafka(), names.eventsTopic, served.length, 120_000);
    expectExactlyOnceInOrder(published, served);
    const orgLess = published.filter((event) => event.headers['workos-organization-id'] === undefined);
    expect(orgLess.length).toBeGreaterThan(0);
    for (const event of published.slice(0, 200)) {
      expect(event.headers['workos-event-id']).toBe(event.value.id);
      expect(event.headers['workos-event-type']).toBe(event.value.event);
    }
  }, 300_000);
});

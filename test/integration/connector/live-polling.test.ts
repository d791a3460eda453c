/**
 * Once caught up, the connector reads a live stream within about POLL_MIN_INTERVAL_MS, not
 * POLL_INTERVAL_MS: the wait after an empty page starts short when events were just seen and only
 * grows while the stream stays empty.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { connectorEnv, freshConnectorNames, startConnector } from '../../support/connector-harness.js';
import { waitFor } from '../../support/wait-for.js';

let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('connector polling once caught up', () => {
  it('publishes each event of a live stream well within the long poll interval', { timeout: 90_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 61 });
    const now = Date.now();
    const world = generateWorld({ seed: 61, organizations: 5, events: 60, start: now - 3_600_000, end: now - 60_000 });
    emulator.store.appendMany(world.slice(0, 40));
    const live = world.slice(40).map(({ createdAt: _createdAt, ...input }) => input);

    const run = startConnector(connectorEnv(emulator, freshConnectorNames(), { POLL_INTERVAL_MS: '5000', POLL_MIN_INTERVAL_MS: '100' }));
    const { progress } = run.connector.lag;
    try {
      await waitFor(() => progress.eventsPublished === 40, 'the history to be published', 60_000, 10);
      const latencies: number[] = [];
      for (const input of live) {
        const before = progress.eventsPublished;
        const appendedAt = Date.now();
        emulator.store.append(input);
        await waitFor(() => progress.eventsPublished > before, 'the live event to be published', 30_000, 5);
        latencies.push(Date.now() - appendedAt);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // A fixed 5 s poll would make these average about 2.5 s; events 250 ms apart keep the wait short.
      expect(progress.eventsPublished).toBe(60);
      expect(Math.max(...latencies), `latencies ${latencies.join(', ')} ms`).toBeLessThan(2_000);
    } finally {
      await run.stop();
    }
  });
});

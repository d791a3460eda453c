/**
 * SIGTERM mid-stream: the connector process finishes (or drops) the page in hand, leaves no open
 * transaction behind, exits 0, and a restart completes the stream exactly once.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { connectorEnv, exitOf, freshConnectorNames, runConnectorProcess } from '../../support/connector-harness.js';
import { expectExactlyOnceInOrder } from '../../support/published-events.js';
import { waitFor } from '../../support/wait-for.js';
import { eventsCoveredBy, readAllPublishedEvents, readStoredCursor, watchCursors } from './support/kafka-reads.js';

const DAY_MS = 86_400_000;
const EVENTS = 4_000;
let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('connector process stopped with SIGTERM', () => {
  it('exits 0 mid-stream with nothing half-written, and a restart completes the stream exactly once', { timeout: 150_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 81 });
    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 81, organizations: 20, events: EVENTS, start: now - 5 * DAY_MS, end: now - 60_000 }));
    const served = emulator.store.all();
    const lastId = served.at(-1)?.id;
    const names = freshConnectorNames();
    // info level: the clean-stop line is part of what is checked.
    const env = connectorEnv(emulator, names, { LOG_LEVEL: 'info' });

    const stops = [
      // Regression: a stop while a WorkOS request was pending surfaced its ABORTED rejection as a
      // fatal error (exit 1). A 2 s answer makes sure the signal lands inside that wait.
      { latencyMs: 2_000, pages: 2, delayMs: 700 },
      // Fast pages: the signal lands anywhere in the fetch/encode/transaction cycle.
      { latencyMs: 100, pages: 8, delayMs: Math.floor(Math.random() * 130) },
    ];
    for (const stop of stops) {
      emulator.faults.setLatency(stop.latencyMs);
      const pagesServed = emulator.stats.count(200);
      const child = runConnectorProcess(env);
      await waitFor(() => emulator!.stats.count(200) >= pagesServed + stop.pages || child.hasExited(), 'the child to stream', 60_000, 10);
      await new Promise((resolve) => setTimeout(resolve, stop.delayMs));
      child.child.kill('SIGTERM');
      expect(await exitOf(child, 30_000), child.output().slice(-3000)).toBe(0);
      expect(child.output()).toMatch(/connector stopped cleanly/);
      expect(child.output(), 'no fatal log line').not.toMatch(/"level":60/);

      // Everything committed is covered by the cursor, and no transaction was left open: the
      // read_committed reader reaches the end of the topic and finds exactly the cursor's events.
      const committed = eventsCoveredBy(served, (await readStoredCursor(names))?.event_id);
      expect(committed).toBeGreaterThan(0);
      expect(committed).toBeLessThan(EVENTS);
      const published = await readAllPublishedEvents(names.eventsTopic);
      expectExactlyOnceInOrder(published, served.slice(0, committed));
    }

    emulator.faults.setLatency(0);
    const watch = await watchCursors(names.cursorTopic);
    const final = runConnectorProcess(env);
    await waitFor(() => watch.latest(names.connectorName)?.event_id === lastId || final.hasExited(), 'the restart to finish the stream', 90_000);
    final.child.kill('SIGTERM');
    expect(await exitOf(final, 30_000), final.output().slice(-3000)).toBe(0);
    expectExactlyOnceInOrder(await readAllPublishedEvents(names.eventsTopic), served);
  });
});

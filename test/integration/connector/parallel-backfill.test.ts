/**
 * Parallel backfill: a cursor days behind is read in time windows side by side and published
 * strictly in API order, exactly once; a stop mid-backfill and a restart re-publish nothing; and
 * when WorkOS refuses `after` with `range_end`, the connector falls back to reading one page
 * after another.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { connectorEnv, exitOf, freshConnectorNames, runConnectorProcess, startConnector } from '../../support/connector-harness.js';
import { expectExactlyOnceInOrder } from '../../support/published-events.js';
import { waitFor } from '../../support/wait-for.js';
import { connectedAdmin, testKafka } from '../../support/kafka-test-kit.js';
import { cursorStoreFor, readAllPublishedEvents, watchCursors } from './support/kafka-reads.js';

const DAY_MS = 86_400_000;
let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function backlog(seed: number, events: number): Promise<WorkosEmulator> {
  const emu = await createWorkosEmulator({ seed });
  const now = Date.now();
  emu.store.appendMany(generateWorld({ seed, organizations: 30, events, start: now - 20 * DAY_MS, end: now - 60_000 }));
  return emu;
}

/** `/events` requests that carried `range_end` (windows read ahead, or a window continued). */
function ranged(emu: WorkosEmulator): number {
  return emu.stats.log.filter((entry) => entry.url.startsWith('/events') && entry.url.includes('range_end=')).length;
}

describe('parallel backfill', () => {
  it('reads windows side by side, publishes in API order exactly once, and a stop mid-backfill re-publishes nothing', { timeout: 180_000 }, async () => {
    emulator = await backlog(81, 12_000);
    emulator.faults.setLatency(40);
    const served = emulator.store.all();
    const names = freshConnectorNames();
    const env = connectorEnv(emulator, names, { BACKFILL_WINDOWS: '6', BACKFILL_MAX_BUFFERED_PAGES: '12', WORKOS_REQUESTS_PER_SECOND: '100' });

    const first = startConnector(env);
    await waitFor(() => first.connector.lag.progress.eventsPublished >= 3_000, 'the first run to publish part of the backlog', 90_000, 50);
    await first.stop();
    const publishedByFirst = first.connector.lag.progress.eventsPublished;
    expect(publishedByFirst).toBeLessThan(served.length);
    // Windows after the first were read with range_end while the head was being published.
    expect(ranged(emulator)).toBeGreaterThan(10);

    const requestsBefore = emulator.stats.total;
    const second = startConnector(env);
    await waitFor(() => second.connector.lag.progress.lastEventId === served.at(-1)?.id, 'the second run to finish the backlog', 120_000, 100);
    await second.stop();
    expect(publishedByFirst + second.connector.lag.progress.eventsPublished, 'nothing published twice').toBe(served.length);
    expectExactlyOnceInOrder(await readAllPublishedEvents(names.eventsTopic), served);
    // The whole backlog is 120 pages; the second run re-reads no more than it must.
    expect(emulator.stats.total - requestsBefore).toBeLessThan(120 + 6 * 2 + 12 + 10);
  });

  it('a SIGKILL mid-backfill loses and repeats nothing', { timeout: 180_000 }, async () => {
    emulator = await backlog(83, 8_000);
    emulator.faults.setLatency(40);
    const served = emulator.store.all();
    const names = freshConnectorNames();
    const env = connectorEnv(emulator, names, { BACKFILL_WINDOWS: '6', BACKFILL_MAX_BUFFERED_PAGES: '12', WORKOS_REQUESTS_PER_SECOND: '100' });
    await cursorStoreFor(names).ensureTopic(await connectedAdmin(testKafka()), -1);
    const watch = await watchCursors(names.cursorTopic);
    for (let kill = 0; kill < 3; kill += 1) {
      const child = runConnectorProcess(env);
      const before = watch.latest(names.connectorName)?.event_id ?? null;
      await waitFor(() => (watch.latest(names.connectorName)?.event_id ?? null) !== before || child.hasExited(), `child ${kill} to commit a page`, 60_000, 20);
      expect(child.hasExited(), child.output().slice(-2000)).toBe(false);
      child.child.kill('SIGKILL');
      expect(await exitOf(child)).toBe('SIGKILL');
    }
    emulator.faults.setLatency(0);
    const final = startConnector(env);
    await waitFor(() => final.connector.lag.progress.lastEventId === served.at(-1)?.id, 'the final run to finish the backlog', 120_000, 100);
    await final.stop();
    expectExactlyOnceInOrder(await readAllPublishedEvents(names.eventsTopic), served);
  });

  it('falls back to reading one page after another when WorkOS refuses after with range_end', { timeout: 120_000 }, async () => {
    emulator = await backlog(82, 3_000);
    emulator.behaviour.afterWithRangeEnd = 'reject';
    const served = emulator.store.all();
    const names = freshConnectorNames();
    const running = startConnector(connectorEnv(emulator, names, { BACKFILL_WINDOWS: '4' }));
    await waitFor(() => running.connector.lag.progress.lastEventId === served.at(-1)?.id, 'the backlog, sequentially', 90_000, 100);
    await running.stop();
    expect(emulator.stats.count(422)).toBeGreaterThan(0);
    expectExactlyOnceInOrder(await readAllPublishedEvents(names.eventsTopic), served);
  });
});

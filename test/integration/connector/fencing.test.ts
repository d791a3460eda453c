/**
 * One writer per connector name: replicas of one name elect one active instance through their
 * lease group; the others stand by. Fencing stays the safety net: the transactional id is derived
 * from the name, and a fenced instance stands by instead of exiting. Connectors with different
 * names share topics without touching each other's cursor.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { loadCursorResetConfig, resetCursor } from '../../../connector/cursor-reset.js';
import { createLogger } from '../../../core/logger.js';
import { main } from '../../../cli/run-cli.js';
import { connectorEnv, exitOf, freshConnectorNames, runConnectorProcess, startConnector } from '../../support/connector-harness.js';
import { uniqueName } from '../../support/kafka-test-kit.js';
import { expectExactlyOnceInOrder } from '../../support/published-events.js';
import { waitFor } from '../../support/wait-for.js';
import { readAllCursorRecords, readAllPublishedEvents, readStoredCursor } from './support/kafka-reads.js';

const DAY_MS = 86_400_000;
let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function emulatorWith(events: number, seed: number): Promise<WorkosEmulator> {
  const emu = await createWorkosEmulator({ seed });
  const now = Date.now();
  emu.store.appendMany(generateWorld({ seed, organizations: 20, events, start: now - 10 * DAY_MS, end: now - 5 * DAY_MS }));
  return emu;
}

describe('connector fencing', () => {
  it('a second instance with the same name stands by while the first is active, and takes over when it stops; no page twice', { timeout: 120_000 }, async () => {
    emulator = await emulatorWith(10_000, 41);
    const served = emulator.store.all();
    // Slow pages read one at a time (about 1,000 events a second) keep the first instance
    // mid-stream while the second one joins and `status` runs; four backfill windows side by
    // side used to finish all of them first now and then.
    emulator.faults.setLatency(100);
    const names = freshConnectorNames();
    const env = connectorEnv(emulator, names, { BACKFILL_WINDOWS: '1' });

    const first = startConnector(env);
    await waitFor(() => first.connector.lag.progress.eventsPublished >= 500, 'the first instance to publish', 60_000);
    const second = startConnector(env);
    // The lease stays where it is: the second replica joins the group and waits.
    const atJoin = first.connector.lag.progress.eventsPublished;
    await waitFor(() => first.connector.lag.progress.eventsPublished >= atJoin + 1_000, 'the first instance to go on publishing', 60_000);
    expect(second.connector.lag.progress.eventsPublished, 'the standby publishes nothing').toBe(0);
    let statusOut = '';
    const statusCode = await main(['status', '--group', 'none'], { env, stdout: (text) => (statusOut += text), stderr: () => undefined, signal: new AbortController().signal });
    expect(statusCode, statusOut).toBe(0);
    expect(statusOut).toMatch(new RegExp(`replicas of ${names.connectorName}: active workos-kafka-connector\\.[^ ]+\\.${process.pid} at [^,]+, 1 standing by`));
    await first.stop();
    const publishedByFirst = first.connector.lag.progress.eventsPublished;
    expect(publishedByFirst).toBeLessThan(served.length);

    emulator.faults.setLatency(0);
    const lastId = served.at(-1)?.id;
    await waitFor(() => second.connector.lag.progress.lastEventId === lastId, 'the standby to take over and finish the stream', 90_000);
    await second.stop();

    const published = await readAllPublishedEvents(names.eventsTopic);
    expectExactlyOnceInOrder(published, served);
    // The second instance resumed where the first one's last committed page ended: no page twice.
    expect(publishedByFirst + second.connector.lag.progress.eventsPublished).toBe(served.length);
  });

  it('as a process, a fenced connector stands by and resumes instead of exiting; the stream stays exactly once', { timeout: 120_000 }, async () => {
    emulator = await emulatorWith(2_000, 42);
    const served = emulator.store.all();
    emulator.faults.setLatency(150);
    const names = freshConnectorNames();
    const env = connectorEnv(emulator, names);

    const running = runConnectorProcess(env);
    await waitFor(async () => (await readStoredCursor(names))?.event_id != null || running.hasExited(), 'the process to publish a page', 60_000, 250);
    // Another registration of its transactional id (as a zombie's, or reset-cursor's) fences it
    // mid-stream; a reset to where it stands changes no position. "Where it stands" must hold
    // still meanwhile, or the reset rewinds past pages committed after the cursor was read and
    // they are published again: WorkOS stops answering (every request times out and is retried)
    // and the pages already read are published, until the stored cursor stops moving.
    emulator.faults.setLatency(60_000);
    let stored = await readStoredCursor(names);
    await waitFor(
      async () => {
        const again = await readStoredCursor(names);
        const still = again?.event_id === stored?.event_id;
        stored = again;
        return still;
      },
      'the stored cursor to stop moving',
      60_000,
      1_000,
    );
    const config = loadCursorResetConfig({ ...env, WORKOS_API_KEY: undefined });
    await resetCursor(config, { target: { kind: 'event', eventId: stored!.event_id!, createdAt: stored!.event_created_at! }, apply: true }, { logger: createLogger({ level: 'silent' }), print: () => undefined });

    // Its next commit is refused, whether it is mid-stream or idle at the end: more events come.
    emulator.faults.setLatency(0);
    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 142, organizations: 5, events: 300, start: now - 4 * DAY_MS, end: now - 60_000 }));
    const all = emulator.store.all();
    const lastId = all.at(-1)?.id;
    await waitFor(async () => (await readStoredCursor(names))?.event_id === lastId || running.hasExited(), 'the fenced process to resume and finish the stream', 90_000, 500);
    expect(running.hasExited(), running.output().slice(-2000)).toBe(false);
    expect(running.output(), running.output().slice(-3000)).toMatch(/fenced: another instance registered this connector; standing by/);
    running.child.kill('SIGTERM');
    expect(await exitOf(running)).toBe(0);
    expectExactlyOnceInOrder(await readAllPublishedEvents(names.eventsTopic), all);
  });

  it('a connector with another name on the same topics keeps its own cursor', { timeout: 120_000 }, async () => {
    emulator = await emulatorWith(1_000, 43);
    const names = freshConnectorNames();
    const env = connectorEnv(emulator, names);
    const firstPass = startConnector(env);
    await waitFor(() => firstPass.connector.lag.progress.eventsPublished === 1_000, 'the first pass', 60_000);
    await firstPass.stop();
    const firstCursor = await readStoredCursor(names);
    expect(firstCursor?.event_id).toBe(emulator.store.all()[999]?.id);

    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 44, organizations: 5, events: 500, start: now - 4 * DAY_MS, end: now - 60_000 }));
    const served = emulator.store.all();
    const lastId = served.at(-1)?.id;
    const otherName = uniqueName('conn-other');
    // Both run at once on the same topics: different names, different transactional ids, no fencing.
    const resumed = startConnector(env);
    const other = startConnector({ ...env, CONNECTOR_NAME: otherName });
    await waitFor(
      () => resumed.connector.lag.progress.lastEventId === lastId && other.connector.lag.progress.lastEventId === lastId,
      'both connectors to reach the last event',
      90_000,
    );
    await Promise.all([resumed.stop(), other.stop()]);
    expect(resumed.connector.lag.progress.eventsPublished, 'resumed from its own cursor').toBe(500);
    expect(other.connector.lag.progress.eventsPublished, 'started from nothing, not from the other cursor').toBe(1_500);

    const cursorRecords = await readAllCursorRecords(names.cursorTopic);
    expect(new Set(cursorRecords.map((record) => record.key))).toEqual(new Set([names.connectorName, otherName]));
    for (const record of cursorRecords) expect(record.value.connector).toBe(record.key);
    expect((await readStoredCursor(names))?.event_id).toBe(lastId);
    expect((await readStoredCursor(names, otherName))?.event_id).toBe(lastId);

    // Each connector published the whole stream once: every id exactly twice on the shared topic.
    const published = await readAllPublishedEvents(names.eventsTopic);
    expect(published).toHaveLength(2 * served.length);
    const copies = new Map<string, number>();
    for (const event of published) copies.set(event.value.id, (copies.get(event.value.id) ?? 0) + 1);
    expect(copies.size).toBe(served.length);
    expect([...copies.values()].every((count) => count === 2)).toBe(true);
  });
});

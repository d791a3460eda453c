/**
 * Crash safety of the connector as a real process: `connector/main.ts` is killed with SIGKILL at
 * random moments of a 20,000-event stream (wherever it is: waiting for WorkOS, encoding, inside a
 * Kafka transaction) and restarted each time. A read_committed reader must still see every event
 * exactly once, in API order per key, with the values WorkOS served.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { connectorEnv, exitOf, freshConnectorNames, runConnectorProcess } from '../../support/connector-harness.js';
import { expectExactlyOnceInOrder } from '../../support/published-events.js';
import { waitFor } from '../../support/wait-for.js';
import { connectedAdmin, testKafka } from '../../support/kafka-test-kit.js';
import { cursorStoreFor, eventsCoveredBy, readAllPublishedEvents, watchCursors } from './support/kafka-reads.js';

const DAY_MS = 86_400_000;
const EVENTS = 20_000;
const KILLS = 20;
const MAX_LATENCY_MS = 150;

let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const randomInt = (min: number, max: number): number => min + Math.floor(Math.random() * (max - min + 1));

/** The `after` a logged request carried, or null for a ranged request. */
function afterOf(url: string): string | null {
  return new URL(url, 'http://emulator.invalid').searchParams.get('after');
}

describe('connector process killed with SIGKILL and restarted', () => {
  it(`publishes a ${EVENTS}-event stream exactly once across ${KILLS} kills at random moments`, { timeout: 300_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 31 });
    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 31, organizations: 60, events: EVENTS, start: now - 20 * DAY_MS, end: now - 60_000 }));
    const served = emulator.store.all();
    const organizations = new Set(served.map((event) => (event.data as { organization_id?: string }).organization_id).filter(Boolean));
    expect(organizations.size).toBeGreaterThanOrEqual(50);
    // Slow WorkOS down so a child lives for a few pages only; jitter moves the kill around the page cycle.
    emulator.faults.setLatency(80, MAX_LATENCY_MS - 80);

    const names = freshConnectorNames();
    // One page after another, so each run's first request names the committed position;
    // parallel-backfill.test.ts kills a backfill.
    const env = connectorEnv(emulator, names, { BACKFILL_WINDOWS: '1' });
    // The cursor topic exists before the first run (as the connector would create it), so one
    // live reader can follow every commit from the start.
    await cursorStoreFor(names).ensureTopic(await connectedAdmin(testKafka()), -1);
    const watch = await watchCursors(names.cursorTopic);
    const committedId = (): string | null | undefined => watch.latest(names.connectorName)?.event_id;
    const firstRequestOfRun: number[] = [];

    for (let run = 0; run < KILLS; run += 1) {
      const requestsBefore = emulator.stats.total;
      firstRequestOfRun.push(requestsBefore);
      const committedBefore = committedId();
      const child = runConnectorProcess(env);
      if (run % 2 === 0) {
        // Kill after this child committed a page of its own, at a random point of the next
        // page's cycle, so the stream moves on and kills land all along it.
        await waitFor(() => (committedId() ?? committedBefore) !== committedBefore || child.hasExited(), 'the child to commit a page', 60_000, 5);
        await sleep(randomInt(0, 250));
      } else {
        // Kill soon after it reached WorkOS (it has read its cursor): during its first fetch,
        // encoding or first transaction, or a little later.
        await waitFor(() => emulator!.stats.total > requestsBefore || child.hasExited(), 'the child to reach WorkOS', 60_000, 5);
        await sleep(randomInt(0, 1_000));
      }
      expect(child.hasExited(), `child ${run} exited on its own:\n${child.output().slice(-2000)}`).toBe(false);
      child.child.kill('SIGKILL');
      expect(await exitOf(child)).toBe('SIGKILL');
      // Requests the dead child left in the emulator's latency are logged (as aborted) by now, so
      // the next run's first logged request is its own.
      await sleep(MAX_LATENCY_MS + 100);
    }

    // The final run goes to the end; the cursor watch says when the last page (and its cursor) committed.
    firstRequestOfRun.push(emulator.stats.total);
    emulator.faults.setLatency(0, 0);
    const final = runConnectorProcess(env);
    const lastId = served.at(-1)?.id;
    await waitFor(() => committedId() === lastId || final.hasExited(), 'the final run to publish the last event', 120_000);
    expect(final.hasExited(), final.output().slice(-2000)).toBe(false);
    final.child.kill('SIGTERM');
    expect(await exitOf(final)).toBe(0);

    // Each restart resumes from what the previous (killed) child committed: its first request's `after`.
    const committedAtKill = firstRequestOfRun.slice(1).map((index) => {
      const entry = emulator!.stats.log[index];
      if (entry === undefined) throw new Error(`no request logged at ${index}`);
      return eventsCoveredBy(served, afterOf(entry.url));
    });
    expect(committedAtKill).toHaveLength(KILLS);
    // The position never moves back, every run that waited for a commit moved it on, and every
    // kill came after the first commit and before the end of the stream.
    const positions = committedAtKill.join(', ');
    expect(committedAtKill, positions).toEqual([...committedAtKill].sort((a, b) => a - b));
    for (let kill = 2; kill < KILLS; kill += 2) expect(committedAtKill[kill], positions).toBeGreaterThan(committedAtKill[kill - 1] as number);
    expect(committedAtKill[0], positions).toBeGreaterThan(0);
    expect(committedAtKill.at(-1), positions).toBeLessThan(EVENTS);
    expect(new Set(committedAtKill).size, positions).toBeGreaterThanOrEqual(KILLS / 2);

    const published = await readAllPublishedEvents(names.eventsTopic);
    expectExactlyOnceInOrder(published, served);
    expect(published.some((event) => event.headers['workos-organization-id'] === undefined)).toBe(true);
  });
});

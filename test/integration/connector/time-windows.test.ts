/**
 * Starting from a timestamp further back than one WorkOS request may span (30 days): the connector
 * walks chained `range_start`/`range_end` windows of at most 30 days, then follows `after` only,
 * never sending both; it publishes every event since the start exactly once and nothing before.
 * The emulator keeps 90 days and rejects a too-wide open range, as a strict WorkOS would.
 */
import { afterEach, describe, expect, it } from 'vitest';
import type { WorkosEvent } from '../../../emulator/event-types.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { createWorldGenerator } from '../../../emulator/world/world-generator.js';
import { connectorEnv, freshConnectorNames, startConnector } from '../../support/connector-harness.js';
import { expectExactlyOnceInOrder } from '../../support/published-events.js';
import { waitFor } from '../../support/wait-for.js';
import { readAllPublishedEvents } from './support/kafka-reads.js';

const DAY_MS = 86_400_000;
const MAX_WINDOW_MS = 30 * DAY_MS;

let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

interface LoggedQuery {
  readonly after: string | null;
  readonly rangeStartMs: number | null;
  readonly rangeEndMs: number | null;
}

function queriesOf(emu: WorkosEmulator): LoggedQuery[] {
  return emu.stats.log.map((entry) => {
    const params = new URL(entry.url, 'http://emulator.invalid').searchParams;
    const time = (name: string): number | null => (params.has(name) ? Date.parse(params.get(name) as string) : null);
    return { after: params.get('after'), rangeStartMs: time('range_start'), rangeEndMs: time('range_end') };
  });
}

/** Runs a connector from `startMs` until it published the last served event; returns what it published and asked. */
async function runFrom(emu: WorkosEmulator, startMs: number): Promise<{ eventsTopic: string; queries: LoggedQuery[] }> {
  const names = freshConnectorNames();
  // The sequential walk (windows while empty, then `after`): parallel-backfill.test.ts covers the other reader.
  const running = startConnector(connectorEnv(emu, names, { WORKOS_START: new Date(startMs).toISOString(), BACKFILL_WINDOWS: '1' }));
  const lastId = emu.store.all().at(-1)?.id;
  await waitFor(() => running.connector.lag.progress.lastEventId === lastId || emu.stats.count(422) > 0, 'the stream since the start', 90_000);
  await running.stop();
  return { eventsTopic: names.eventsTopic, queries: queriesOf(emu) };
}

/** Checks the request sequence: ranged windows of at most 30 days first, then `after` only, never both. */
function expectWindowsThenAfter(queries: readonly LoggedQuery[], startMs: number, nowMs: number): LoggedQuery[] {
  expect(queries.filter((query) => query.after !== null && query.rangeStartMs !== null), 'after together with range_start').toEqual([]);
  const firstAfter = queries.findIndex((query) => query.after !== null);
  expect(firstAfter).toBeGreaterThan(0);
  const ranged = queries.slice(0, firstAfter);
  expect(queries.slice(firstAfter).every((query) => query.after !== null && query.rangeStartMs === null)).toBe(true);
  expect(ranged[0]?.rangeStartMs).toBe(startMs);
  for (const [index, window] of ranged.entries()) {
    expect(window.rangeStartMs).not.toBeNull();
    const endMs = window.rangeEndMs ?? nowMs;
    expect(endMs - (window.rangeStartMs as number), `window ${index} spans at most 30 days`).toBeLessThanOrEqual(MAX_WINDOW_MS);
    if (index > 0) expect(window.rangeStartMs as number, `window ${index} advances`).toBeGreaterThan(ranged[index - 1]?.rangeStartMs as number);
  }
  return ranged;
}

/** A start instant no event sits on (range bounds' inclusiveness is undocumented; don't depend on it). */
function startBetweenEvents(served: readonly WorkosEvent[], wantedMs: number): number {
  let startMs = wantedMs;
  while (served.some((event) => Date.parse(event.created_at) === startMs)) startMs += 1;
  return startMs;
}

describe('connector starting 45 days back', () => {
  it('walks empty 30-day windows forward, then follows after; publishes only events since the start', { timeout: 120_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 71, behaviour: { retentionMs: 90 * DAY_MS, openEndedRange: 'reject' } });
    const now = Date.now();
    const world = createWorldGenerator({ seed: 71, organizations: 15 });
    // Old history before the start, then nothing for a month, then the recent stream.
    emulator.store.appendMany(world.generate(300, now - 60 * DAY_MS, now - 46 * DAY_MS));
    emulator.store.appendMany(world.generate(1_500, now - 14 * DAY_MS, now - 60_000));
    const served = emulator.store.all();
    const startMs = startBetweenEvents(served, now - 45 * DAY_MS);

    const { eventsTopic, queries } = await runFrom(emulator, startMs);
    expect(emulator.stats.count(422), 'WorkOS rejected a range').toBe(0);
    const ranged = expectWindowsThenAfter(queries, startMs, Date.now());
    // The first window (the 30 days after the start) is empty, so reading moved on to the next one.
    expect(ranged[0]?.rangeEndMs).not.toBeNull();
    expect(new Set(ranged.map((window) => window.rangeStartMs)).size).toBeGreaterThanOrEqual(2);

    const sinceStart = served.filter((event) => Date.parse(event.created_at) >= startMs);
    expect(sinceStart).toHaveLength(1_500);
    expectExactlyOnceInOrder(await readAllPublishedEvents(eventsTopic), sinceStart);
  });

  it('switches from the first window to after when it holds events; events just before the start stay out', { timeout: 120_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 73, behaviour: { retentionMs: 90 * DAY_MS, openEndedRange: 'reject' } });
    const now = Date.now();
    const world = createWorldGenerator({ seed: 73, organizations: 15 });
    // A continuous stream through the start instant.
    emulator.store.appendMany(world.generate(2_000, now - 50 * DAY_MS, now - 60_000));
    const served = emulator.store.all();
    const startMs = startBetweenEvents(served, now - 45 * DAY_MS);

    const { eventsTopic, queries } = await runFrom(emulator, startMs);
    expect(emulator.stats.count(422), 'WorkOS rejected a range').toBe(0);
    const ranged = expectWindowsThenAfter(queries, startMs, Date.now());
    expect(ranged).toHaveLength(1);
    expect(ranged[0]?.rangeEndMs).toBe(startMs + MAX_WINDOW_MS);

    const sinceStart = served.filter((event) => Date.parse(event.created_at) >= startMs);
    expect(sinceStart.length).toBeGreaterThan(1_000);
    expect(sinceStart.length).toBeLessThan(served.length);
    expectExactlyOnceInOrder(await readAllPublishedEvents(eventsTopic), sinceStart);
  });
});

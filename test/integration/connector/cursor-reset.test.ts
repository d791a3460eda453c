/**
 * The cursor recovery command against the real broker and registry: a dry run writes nothing; an
 * applied reset to a timestamp makes the next connector run re-publish everything after it; an
 * applied reset to an event id resumes right after that event, and fences a connector still
 * running under the same name instead of racing it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { loadCursorResetConfig, resetCursor } from '../../../connector/cursor-reset.js';
import { createLogger } from '../../../core/logger.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { createWorldGenerator, type WorldGenerator } from '../../../emulator/world/world-generator.js';
import {
  connectorEnv,
  exitOf,
  freshConnectorNames,
  runConnectorProcess,
  startConnector,
  type ConnectorNames,
  type ConnectorProcess,
} from '../../support/connector-harness.js';
import { waitFor } from '../../support/wait-for.js';
import { readAllCursorRecords, readAllPublishedEvents, readStoredCursor } from './support/kafka-reads.js';

const DAY_MS = 86_400_000;
const EVENTS = 1_000;
let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** An emulator with {@link EVENTS} events and a connector that has published all of them. */
async function publishedStream(seed: number): Promise<{ emu: WorkosEmulator; world: WorldGenerator; names: ConnectorNames; env: Record<string, string> }> {
  const emu = await createWorkosEmulator({ seed });
  emulator = emu; // closed by afterEach even if the first run fails
  const world = createWorldGenerator({ seed, organizations: 10 });
  const now = Date.now();
  emu.store.appendMany(world.generate(EVENTS, now - 10 * DAY_MS, now - DAY_MS));
  const names = freshConnectorNames();
  const env = connectorEnv(emu, names);
  const first = startConnector(env);
  await waitFor(() => first.connector.lag.progress.eventsPublished === EVENTS, 'the first run', 60_000);
  await first.stop();
  return { emu, world, names, env };
}

/** How many times each event id is on the events topic. */
function copiesById(published: readonly { value: { id: string } }[]): Map<string, number> {
  const copies = new Map<string, number>();
  for (const event of published) copies.set(event.value.id, (copies.get(event.value.id) ?? 0) + 1);
  return copies;
}

describe('reset-cursor', () => {
  it('dry run changes nothing; --to-time --apply makes the next run re-publish everything after that time', { timeout: 120_000 }, async () => {
    const { emu, names, env } = await publishedStream(91);
    const served = emu.store.all();
    // Halfway between two events, so the range bound's inclusiveness does not matter.
    const at = new Date((Date.parse(served[599]!.created_at) + Date.parse(served[600]!.created_at)) / 2);
    expect(at.getTime()).toBeGreaterThan(Date.parse(served[599]!.created_at));
    const before = await readStoredCursor(names);
    const cursorRecordsBefore = (await readAllCursorRecords(names.cursorTopic)).length;
    // The command reads the connector's environment but needs no WorkOS key (empty counts as unset).
    const run = (args: string[]): ConnectorProcess => runConnectorProcess({ ...env, WORKOS_API_KEY: '' }, args, 'connector/reset-cursor-main.ts');

    const dryRun = run(['--to-time', at.toISOString()]);
    expect(await exitOf(dryRun), dryRun.output()).toBe(0);
    expect(dryRun.output()).toContain(`current cursor:  after ${served[999]!.id}`);
    expect(dryRun.output()).toContain(`proposed cursor: from ${at.toISOString()} by time`);
    expect(dryRun.output()).toMatch(/dry run: nothing was written.*--apply/);
    expect(dryRun.output()).toMatch(/fences a connector running as .* KAFKA_FENCED/);
    expect(await readStoredCursor(names)).toEqual(before);
    expect(await readAllCursorRecords(names.cursorTopic)).toHaveLength(cursorRecordsBefore);

    const apply = run(['--to-time', at.toISOString(), '--apply']);
    expect(await exitOf(apply), apply.output()).toBe(0);
    expect(apply.output()).toMatch(/applied: the stored cursor is now from .* by time/);
    expect(apply.output()).toMatch(/it stands by .*, then resumes from the new cursor/);
    expect(await readStoredCursor(names)).toMatchObject({ event_id: null, event_created_at: at.toISOString() });

    const rerun = startConnector(env);
    await waitFor(() => rerun.connector.lag.progress.lastEventId === served[999]!.id, 'the run after the reset', 60_000);
    await rerun.stop();
    expect(rerun.connector.lag.progress.eventsPublished).toBe(EVENTS - 600);
    const copies = copiesById(await readAllPublishedEvents(names.eventsTopic));
    expect(served.slice(0, 600).every((event) => copies.get(event.id) === 1)).toBe(true);
    expect(served.slice(600).every((event) => copies.get(event.id) === 2)).toBe(true);
  });

  it('--to-event --apply fences the running connector and the next run resumes right after that event', { timeout: 120_000 }, async () => {
    const { emu, world, names, env } = await publishedStream(93);
    const pollsBefore = emu.stats.total;
    const running = startConnector(env);
    // Its own polls at the end of the stream: registered, caught up, idle.
    const caughtUp = `after=${emu.store.all()[999]!.id}`;
    await waitFor(() => emu.stats.log.slice(pollsBefore).some((entry) => entry.url.includes(caughtUp)), 'the running connector to poll', 30_000);

    const target = emu.store.all()[299]!;
    const lines: string[] = [];
    const config = loadCursorResetConfig({ ...env, WORKOS_API_KEY: undefined });
    const result = await resetCursor(config, { target: { kind: 'event', eventId: target.id }, apply: true }, {
      logger: createLogger({ level: 'silent' }),
      print: (line) => lines.push(line),
    });
    expect(result.previous?.event_id).toBe(emu.store.all()[999]!.id);
    expect(result.applied).toBe(true);
    // The id's ULID time is the event's created_at, so lag and retention alerts stay right.
    expect(await readStoredCursor(names)).toMatchObject({ event_id: target.id, event_created_at: target.created_at });
    expect(lines.join('\n')).toMatch(/has been fenced/);

    // New events reach the old instance: its next commit is refused, so it cannot undo the reset.
    // Fenced, it stands by, still holding the lease; then it reads the stored cursor again and
    // resumes right after the target.
    const requestsBefore = emu.stats.total;
    emu.store.appendMany(world.generate(50, Date.now() - DAY_MS / 2, Date.now() - 60_000));
    const served = emu.store.all();
    await waitFor(() => running.connector.lag.progress.lastEventId === served.at(-1)!.id, 'the fenced instance to resume from the reset cursor', 60_000);
    await running.stop();
    expect(emu.stats.log.slice(requestsBefore).some((entry) => entry.url.includes(`after=${target.id}`))).toBe(true);
    const copies = copiesById(await readAllPublishedEvents(names.eventsTopic));
    expect(served.slice(0, 300).every((event) => copies.get(event.id) === 1)).toBe(true);
    expect(served.slice(300, EVENTS).every((event) => copies.get(event.id) === 2)).toBe(true);
    expect(served.slice(EVENTS).every((event) => copies.get(event.id) === 1)).toBe(true);
  });

  it('exits 2 on bad arguments and configuration, listing every problem at once', { timeout: 30_000 }, async () => {
    const child = runConnectorProcess({ KAFKA_BROKERS: '', CONNECTOR_NAME: 'bad name' }, ['--to-event', 'evt_1', '--to-time', 'soon'], 'connector/reset-cursor-main.ts');
    expect(await exitOf(child)).toBe(2);
    const output = child.output();
    expect(output).toMatch(/exactly one of --to-event or --to-time/);
    expect(output).toMatch(/--to-event must be a WorkOS event id/);
    expect(output).toMatch(/--to-time must be an ISO-8601 timestamp/);
    expect(output).toMatch(/KAFKA_BROKERS: is required/);
    expect(output).toMatch(/CONNECTOR_NAME: /);
    expect(output).toMatch(/usage: workos-kafka reset-cursor \(--to-event/);
    expect(output).not.toMatch(/WORKOS_API_KEY: /);
  });
});

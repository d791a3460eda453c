/**
 * The start of most snapshot tests: an emulator holding a generated world older than retention,
 * and a connector run in this process until its snapshot and every event are on the topic.
 */
import type { SnapshotCursor } from '../../../../connector/snapshot/snapshot-progress.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../../emulator/server.js';
import { createWorldGenerator } from '../../../../emulator/world/world-generator.js';
import { generateHistory } from '../../../../emulator/world/world-history.js';
import { connectorEnv, freshConnectorNames, startConnector, type ConnectorNames, type InProcessConnector } from '../../../support/connector-harness.js';
import { waitFor } from '../../../support/wait-for.js';
import { stopAfterTest } from '../../consumers/support/consumer-kit.js';

/** An emulator whose world has `events` events over `historyDays` days, ending a minute ago. */
export async function emulatorWithHistory(seed: number, organizations: number, events: number, historyDays: number): Promise<WorkosEmulator> {
  const emulator = await createWorkosEmulator({ seed });
  const generator = createWorldGenerator({ seed, organizations });
  emulator.store.appendMany(generateHistory(generator, { events, historyDays, end: new Date(Date.now() - 60_000) }));
  return emulator;
}

/** Runs a connector (default snapshot mode) until the snapshot and the last event are published, then stops it. */
export async function publishSnapshotAndEvents(emulator: WorkosEmulator, timeoutMs = 180_000): Promise<{ names: ConnectorNames; env: Record<string, string> }> {
  const { names, env, running } = await runThroughSnapshot(emulator, timeoutMs);
  await running.stop();
  return { names, env };
}

/** Starts a connector (default snapshot mode) and waits until the snapshot and the last event are published; it keeps running. */
export async function runThroughSnapshot(emulator: WorkosEmulator, timeoutMs = 180_000): Promise<{ names: ConnectorNames; env: Record<string, string>; running: InProcessConnector }> {
  const names = freshConnectorNames();
  const env = connectorEnv(emulator, names, { WORKOS_SNAPSHOT_MODE: 'initial' });
  const running = startConnector(env);
  stopAfterTest(running);
  const lastEventId = emulator.store.all().at(-1)?.id;
  await waitFor(
    async () => {
      const cursor = (await running.connector.cursorStore.readLatest().catch(() => null)) as SnapshotCursor | null;
      return cursor?.last_snapshot != null && cursor.event_id === lastEventId;
    },
    'the snapshot and every event on the topic',
    timeoutMs,
    500,
  );
  return { names, env, running };
}

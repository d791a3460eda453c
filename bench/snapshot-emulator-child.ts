/**
 * Child-process entry of the snapshot benchmark's emulator (see `snapshot-emulator.ts`): a
 * generated world whose whole history ended before WorkOS's 30-day event retention, so the
 * Events API serves nothing and every entity can only come from the state lists. Arguments:
 * history events, organizations, seed. Talks to the parent over IPC.
 */
import { createWorkosEmulator } from '../emulator/server.js';
import { createWorldGenerator } from '../emulator/world/world-generator.js';
import { generateHistory } from '../emulator/world/world-history.js';
import { exitProcess } from '../core/exit-process.js';

/** Messages the parent sends. */
export type ToSnapshotEmulator = { readonly type: 'latency'; readonly ms: number } | { readonly type: 'stats' } | { readonly type: 'close' };

/** Messages the child sends. */
export type FromSnapshotEmulator =
  | { readonly type: 'ready'; readonly hostname: string; readonly port: number; readonly apiKey: string; readonly events: number }
  | { readonly type: 'latency-set' }
  | { readonly type: 'stats'; readonly byEndpoint: Readonly<Record<string, Readonly<Record<string, number>>>> };

const DAY_MS = 86_400_000;
/** A day past the emulator's default retention (30 days), so no event of the world is served. */
const ENDED_DAYS_AGO = 31;
/** Long enough for a world that changed over time (users deleted, groups emptied) like snapshot-kills.test.ts's. */
const HISTORY_DAYS = 120;

async function main(): Promise<void> {
  const [events, organizations, seed] = process.argv.slice(2).map(Number) as [number, number, number];
  const emulator = await createWorkosEmulator({ seed });
  const generator = createWorldGenerator({ seed, organizations });
  emulator.store.appendMany(generateHistory(generator, { events, historyDays: HISTORY_DAYS, end: new Date(Date.now() - ENDED_DAYS_AGO * DAY_MS) }));
  const send = (message: FromSnapshotEmulator): void => {
    process.send?.(message);
  };
  process.on('message', (message: ToSnapshotEmulator) => {
    if (message.type === 'latency') {
      emulator.faults.setLatency(message.ms);
      send({ type: 'latency-set' });
    } else if (message.type === 'stats') {
      send({ type: 'stats', byEndpoint: emulator.stats.byEndpoint() });
    } else {
      void emulator.close().finally(() => exitProcess(0));
    }
  });
  // The parent died or closed the channel: nothing left to serve.
  process.on('disconnect', () => exitProcess(0));
  send({ type: 'ready', hostname: emulator.hostname, port: emulator.port, apiKey: emulator.apiKey, events: emulator.store.size });
}

main().catch((err: unknown) => {
  process.stderr.write(`snapshot bench emulator failed: ${String(err)}\n`);
  exitProcess(1);
});

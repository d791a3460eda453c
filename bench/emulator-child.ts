/**
 * Child-process entry of the benchmark emulator (see `emulator-world.ts`). WorkOS is remote in
 * production, so serving pages must not run on the connector's event loop: the emulator gets its
 * own process. Arguments: events, seed, start ms, end ms. Talks to the parent over IPC.
 */
import { createWorkosEmulator } from '../emulator/server.js';
import { generateWorld } from '../emulator/world/world-generator.js';
import { exitProcess } from '../core/exit-process.js';

/** Messages the parent sends. */
export type ToEmulator = { readonly type: 'latency'; readonly ms: number } | { readonly type: 'close' };

/** Messages the child sends. */
export type FromEmulator =
  | { readonly type: 'ready'; readonly hostname: string; readonly port: number; readonly apiKey: string; readonly ids: readonly string[] }
  | { readonly type: 'latency-set' };

async function main(): Promise<void> {
  const [events, seed, start, end] = process.argv.slice(2).map(Number) as [number, number, number, number];
  const emulator = await createWorkosEmulator({ seed });
  emulator.store.appendMany(generateWorld({ seed, organizations: 60, events, start, end }));
  // Serialise every event now, so no repetition pays the emulator's first-serve cost.
  for (let i = 0; i < emulator.store.size; i += 1) emulator.store.jsonAt(i);
  const send = (message: FromEmulator): void => {
    process.send?.(message);
  };
  process.on('message', (message: ToEmulator) => {
    if (message.type === 'latency') {
      emulator.faults.setLatency(message.ms);
      send({ type: 'latency-set' });
    } else {
      void emulator.close().finally(() => exitProcess(0));
    }
  });
  // The parent died or closed the channel: nothing left to serve.
  process.on('disconnect', () => exitProcess(0));
  const all = emulator.store.all();
  send({ type: 'ready', hostname: emulator.hostname, port: emulator.port, apiKey: emulator.apiKey, ids: [all[0]?.id ?? '', all.at(-1)?.id ?? ''] });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench emulator failed: ${String(err)}\n`);
  exitProcess(1);
});

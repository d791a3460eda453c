/**
 * The WorkOS emulator the connector benchmarks read: a seeded world inside the 30-day retention,
 * served from a child process (`emulator-child.ts`). The same world is generated here too, so
 * the plain-producer baseline can send exactly the records the connector will publish.
 */
import type { RawWorkosEvent } from '../connector/workos-event.js';
import { EventStore } from '../emulator/event-store.js';
import { generateWorld } from '../emulator/world/world-generator.js';
import { closeChild, forkTsChild, nextMessage } from './child-ipc.js';
import type { FromEmulator, ToEmulator } from './emulator-child.js';

/** A running emulator process and the events it serves. */
export interface BenchEmulator {
  readonly hostname: string;
  readonly port: number;
  readonly apiKey: string;
  /** The served events, in stream order (the same objects the SDK will parse from JSON). */
  readonly events: readonly RawWorkosEvent[];
  /** Adds `ms` to every response from now on. */
  setLatency(ms: number): Promise<void>;
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;

/** Starts an emulator process serving `count` events of a seeded world across 60 organizations. */
export async function startBenchEmulator(count: number, seed: number): Promise<BenchEmulator> {
  const end = Date.now() - 60_000;
  const start = end - 20 * DAY_MS;
  const child = forkTsChild(new URL('./emulator-child.ts', import.meta.url), [count, seed, start, end]);
  const ready = await nextMessage<FromEmulator>(child, 'ready');
  // Same seed, same times, same store seed: the same events and ids as the child serves.
  const store = new EventStore({ seed });
  const events = store.appendMany(generateWorld({ seed, organizations: 60, events: count, start, end }));
  if (ready.type !== 'ready' || events[0]?.id !== ready.ids[0] || events.at(-1)?.id !== ready.ids[1]) {
    child.kill();
    throw new Error('the emulator process generated a different world than the bench');
  }
  return {
    hostname: ready.hostname,
    port: ready.port,
    apiKey: ready.apiKey,
    events: events as unknown as RawWorkosEvent[],
    async setLatency(ms) {
      const acknowledged = nextMessage<FromEmulator>(child, 'latency-set');
      child.send({ type: 'latency', ms } satisfies ToEmulator);
      await acknowledged;
    },
    close: () => closeChild(child, { type: 'close' } satisfies ToEmulator),
  };
}

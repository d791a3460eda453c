import { createWorkosEmulator, createWorldGenerator, startLiveTrickle, type LiveTrickle, type WorkosEmulator } from '../emulator/index.js';

/** The demo's WorkOS: a seeded week of history plus new events arriving live. */
export interface EmbeddedWorld {
  readonly emulator: WorkosEmulator;
  readonly trickle: LiveTrickle;
  stop(): Promise<void>;
}

/** Settings of the demo world. */
export interface EmbeddedWorldOptions {
  readonly seed: number;
  readonly organizations: number;
  /** Events of history, spread over the last seven days. */
  readonly historyEvents: number;
  /** New events per second while the demo runs. */
  readonly liveEventsPerSecond: number;
}

const DAY_MS = 86_400_000;

/** Starts the emulator with its history and its live trickle. */
export async function startEmbeddedWorld(options: EmbeddedWorldOptions): Promise<EmbeddedWorld> {
  const emulator = await createWorkosEmulator({ seed: options.seed });
  const generator = createWorldGenerator({ seed: options.seed, organizations: options.organizations });
  const now = Date.now();
  emulator.store.appendMany(generator.generate(options.historyEvents, now - 7 * DAY_MS, now - 1_000));
  const trickle = startLiveTrickle({ store: emulator.store, generator, eventsPerSecond: options.liveEventsPerSecond });
  return {
    emulator,
    trickle,
    async stop() {
      trickle.stop();
      await emulator.close();
    },
  };
}

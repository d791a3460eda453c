/**
 * The campaign's WorkOS: the emulator in this process with a seeded history, plus a live stream
 * of the same world that stops at exactly the requested total, so the ground truth is fixed.
 */
import { createWorkosEmulator, createWorldGenerator, type WorkosEmulator } from '../emulator/index.js';

/** Settings of the world. */
export interface WorldOptions {
  readonly seed: number;
  readonly organizations: number;
  /** Events in total. */
  readonly events: number;
  /** Of them, present before the start (spread over the last three days). */
  readonly historyEvents: number;
  /** The rest arrives over this many seconds once `startLive` is called. */
  readonly liveSeconds: number;
}

/** The emulator and its live stream. */
export interface CampaignWorld {
  readonly emulator: WorkosEmulator;
  /** Starts appending the live events; `done` settles when the last one is stored. */
  startLive(): void;
  /** Resolves when the store holds `events` events. */
  readonly done: Promise<void>;
  close(): Promise<void>;
}

const DAY_MS = 86_400_000;
const TICK_MS = 50;

/** Starts the emulator with its history; the live part waits for `startLive()`. */
export async function createCampaignWorld(options: WorldOptions): Promise<CampaignWorld> {
  const emulator = await createWorkosEmulator({ seed: options.seed });
  const generator = createWorldGenerator({ seed: options.seed, organizations: options.organizations });
  const now = Date.now();
  if (options.historyEvents > 0) emulator.store.appendMany(generator.generate(options.historyEvents, now - 3 * DAY_MS, now - 1_000));
  const live = options.events - options.historyEvents;
  const ratePerMs = live / (options.liveSeconds * 1000);
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    resolveDone = resolve;
  });
  let timer: NodeJS.Timeout | undefined;

  const startLive = (): void => {
    if (timer !== undefined) return;
    const startedAt = performance.now();
    let emitted = 0;
    // Like emulator/live-trickle.ts, but capped: the total must be exactly `events`.
    const tick = (): void => {
      const due = Math.min(live, Math.floor((performance.now() - startedAt) * ratePerMs));
      for (; emitted < due; emitted += 1) {
        const at = Math.max(Date.now(), emulator.store.lastCreatedAtMs ?? 0);
        emulator.store.append({ ...generator.next(at), createdAt: at });
      }
      if (emitted >= live) {
        clearInterval(timer);
        resolveDone();
      }
    };
    timer = setInterval(tick, TICK_MS);
    tick();
  };

  return {
    emulator,
    startLive,
    done,
    async close() {
      clearInterval(timer);
      await emulator.close();
    },
  };
}

/**
 * The end-to-end benchmark's WorkOS, in its own process (`live-emulator-child.ts`): WorkOS is
 * remote in production, and generating and serving a live stream must not share the bench's
 * event loop, whose polls time the mirror.
 */
import { closeChild, forkTsChild, nextMessage } from './child-ipc.js';
import type { FromLiveEmulator, StreamStats, ToLiveEmulator } from './live-emulator-child.js';
import type { OfferedEvents } from './visibility.js';
import type { WebhookSenderOptions } from '../emulator/webhooks/webhook-sender.js';

/** Settings of the emulator process. */
export interface LiveEmulatorOptions {
  readonly seed: number;
  readonly organizations: number;
  /** Events stored before the connector starts (the last hour), to warm the whole pipeline. */
  readonly historyEvents: number;
  /** Partitions of the events topic (to record where each event goes). */
  readonly partitions: number;
}

/** A running emulator process. */
export interface LiveEmulator {
  readonly hostname: string;
  readonly port: number;
  readonly apiKey: string;
  /** The history events (their times are the start, not meaningful). */
  readonly history: OfferedEvents;
  /** Starts the live stream at `eventsPerSecond`, with a signed webhook per event when `webhooks` is given. */
  start(eventsPerSecond: number, webhooks?: WebhookSenderOptions): Promise<void>;
  /** `GET /events` requests answered since the stream started (it keeps counting after `stop`). */
  eventRequests(): Promise<number>;
  /** Per event of the last stream (after `stop`), in offered order: when an answer first served it, or null. */
  servedAt(): Promise<readonly (number | null)[]>;
  /** Stops the stream; the events it offered, with the moment each became visible, and the stream's figures. */
  stop(): Promise<{ offered: OfferedEvents; stream: StreamStats }>;
  close(): Promise<void>;
}

/** Starts the emulator process with its history; the stream waits for `start`. */
export async function startLiveEmulator(options: LiveEmulatorOptions): Promise<LiveEmulator> {
  const child = forkTsChild(new URL('./live-emulator-child.ts', import.meta.url), [options.seed, options.organizations, options.historyEvents, options.partitions]);
  const ready = await nextMessage<FromLiveEmulator>(child, 'ready').catch((err: unknown) => {
    child.kill();
    throw err;
  });
  if (ready.type !== 'ready') throw new Error('unreachable');
  const ask = async <T extends FromLiveEmulator['type']>(message: ToLiveEmulator, answer: T): Promise<Extract<FromLiveEmulator, { type: T }>> => {
    const answered = nextMessage<FromLiveEmulator>(child, answer);
    child.send(message);
    return (await answered) as Extract<FromLiveEmulator, { type: T }>;
  };
  return {
    hostname: ready.hostname,
    port: ready.port,
    apiKey: ready.apiKey,
    history: ready.history,
    async start(eventsPerSecond, webhooks) {
      await ask({ type: 'start', eventsPerSecond, ...(webhooks === undefined ? {} : { webhooks }) }, 'started');
    },
    async eventRequests() {
      return (await ask({ type: 'requests' }, 'requests')).events;
    },
    async servedAt() {
      return (await ask({ type: 'served' }, 'served')).servedAtMs;
    },
    async stop() {
      const { offered, stream } = await ask({ type: 'stop' }, 'stopped');
      return { offered, stream };
    },
    close: () => closeChild(child, { type: 'close' } satisfies ToLiveEmulator),
  };
}

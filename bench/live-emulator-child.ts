/**
 * Child-process entry of the end-to-end benchmark's WorkOS (see `live-emulator.ts`): an emulator
 * with a short history, then, on request, a live stream at a given rate of events the mirror
 * stores. For every live event it records the wall-clock moment it became visible to
 * `GET /events` (the append: its `created_at` is that moment, so it is not hidden as a future
 * event) and the partition the connector will publish it to; and it times the stream and counts
 * the requests served meanwhile, empty pages apart. Arguments: seed, organizations,
 * history events, partitions. Talks to the parent over IPC.
 */
import { startLiveTrickle, type LiveTrickle } from '../emulator/live-trickle.js';
import type { WebhookCounts, WebhookSenderOptions } from '../emulator/webhooks/webhook-sender.js';
import { createWorkosEmulator } from '../emulator/server.js';
import { exitProcess } from '../core/exit-process.js';
import { partitionOf } from './event-partition.js';
import { createMirrorWorld } from './mirror-world.js';
import type { OfferedEvents } from './visibility.js';

/** Messages the parent sends. */
export type ToLiveEmulator =
  | { readonly type: 'start'; readonly eventsPerSecond: number; readonly webhooks?: WebhookSenderOptions }
  | { readonly type: 'stop' }
  | { readonly type: 'requests' }
  | { readonly type: 'served' }
  | { readonly type: 'close' };

/** Messages the child sends. */
export type FromLiveEmulator =
  | { readonly type: 'ready'; readonly hostname: string; readonly port: number; readonly apiKey: string; readonly history: OfferedEvents }
  | { readonly type: 'started' }
  | { readonly type: 'stopped'; readonly offered: OfferedEvents; readonly stream: StreamStats }
  /** `GET /events` requests answered since the last `start` (for idle counts after a stream). */
  | { readonly type: 'requests'; readonly events: number }
  /** Per event of the last stream, in offered order: when a `GET /events` answer first carried it (null: not yet). */
  | { readonly type: 'served'; readonly servedAtMs: readonly (number | null)[] };

/** How long the stream ran, and the `GET /events` requests answered meanwhile. */
export interface StreamStats {
  readonly ms: number;
  readonly requests: number;
  /** 200 answers with no event: the connector then sleeps its poll interval. */
  readonly emptyPages: number;
  /** With webhooks on: what the sender did during the stream. */
  readonly webhooks?: WebhookCounts;
}

const HOUR_MS = 3_600_000;

interface Recording {
  ids: string[];
  visibleAtMs: number[];
  partitions: number[];
}

const empty = (): Recording => ({ ids: [], visibleAtMs: [], partitions: [] });

async function main(): Promise<void> {
  const [seed, organizations, historyEvents, partitions] = process.argv.slice(2).map(Number) as [number, number, number, number];
  const emulator = await createWorkosEmulator({ seed });
  const world = createMirrorWorld({ seed, organizations });
  const now = Date.now();
  const history = empty();
  for (const event of emulator.store.appendMany(world.generate(historyEvents, now - HOUR_MS, now - 1_000))) {
    history.ids.push(event.id);
    history.visibleAtMs.push(now);
    history.partitions.push(partitionOf(event, partitions));
  }
  let recording: Recording | null = null;
  let lastIds: readonly string[] = [];
  // When each event was first served: splits its latency into the wait for a poll (and the
  // request) and the rest (publish, consume, mirror). The log has no times, so they are noted here.
  const servedAt = new Map<string, number>();
  const record = emulator.stats.record.bind(emulator.stats);
  emulator.stats.record = (entry) => {
    if (entry.outcome === 200) for (const id of entry.ids) if (!servedAt.has(id)) servedAt.set(id, Date.now());
    record(entry);
  };
  let trickle: LiveTrickle | null = null;
  let streamStartedAt = 0;
  // Called inside `append`, right after the event joined the store: from here on it is served.
  emulator.store.onAppend((event) => {
    if (recording === null) return;
    recording.visibleAtMs.push(Date.now());
    recording.ids.push(event.id);
    recording.partitions.push(partitionOf(event, partitions));
  });
  const send = (message: FromLiveEmulator): void => {
    process.send?.(message);
  };
  process.on('message', (message: ToLiveEmulator) => {
    if (message.type === 'start') {
      trickle?.stop();
      recording = empty();
      emulator.stats.reset();
      streamStartedAt = performance.now();
      trickle = startLiveTrickle({
        store: emulator.store,
        generator: world,
        eventsPerSecond: message.eventsPerSecond,
        ...(message.webhooks === undefined ? {} : { webhooks: message.webhooks }),
      });
      send({ type: 'started' });
    } else if (message.type === 'served') {
      send({ type: 'served', servedAtMs: lastIds.map((id) => servedAt.get(id) ?? null) });
    } else if (message.type === 'requests') {
      send({ type: 'requests', events: emulator.stats.countFor('/events') });
    } else if (message.type === 'stop') {
      trickle?.stop();
      const webhooks = trickle?.webhooks?.counts;
      trickle = null;
      const offered = recording ?? empty();
      recording = null;
      lastIds = offered.ids;
      const emptyPages = emulator.stats.log.filter((entry) => entry.outcome === 200 && entry.ids.length === 0).length;
      const stream: StreamStats = { ms: performance.now() - streamStartedAt, requests: emulator.stats.total, emptyPages, ...(webhooks === undefined ? {} : { webhooks: { ...webhooks } }) };
      send({ type: 'stopped', offered, stream });
    } else {
      trickle?.stop();
      void emulator.close().finally(() => exitProcess(0));
    }
  });
  // The parent died or closed the channel: nothing left to serve.
  process.on('disconnect', () => exitProcess(0));
  send({ type: 'ready', hostname: emulator.hostname, port: emulator.port, apiKey: emulator.apiKey, history });
}

main().catch((err: unknown) => {
  process.stderr.write(`bench live emulator failed: ${String(err)}\n`);
  exitProcess(1);
});

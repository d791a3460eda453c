/**
 * The snapshot benchmark's WorkOS, in its own process (`snapshot-emulator-child.ts`): WorkOS is
 * remote in production, so serving lists must not share the connector's event loop. The parent
 * sets the latency per request and reads the emulator's own request counts per endpoint.
 */
import { closeChild, forkTsChild, nextMessage } from './child-ipc.js';
import type { FromSnapshotEmulator, ToSnapshotEmulator } from './snapshot-emulator-child.js';

/** Requests answered 200, per endpoint (a route template such as `/directory_users`). */
export type EndpointCounts = Readonly<Record<string, number>>;

/** A running emulator process. */
export interface SnapshotEmulator {
  readonly hostname: string;
  readonly port: number;
  readonly apiKey: string;
  /** Events in the store, all older than the retention. */
  readonly events: number;
  /** Adds `ms` to every response from now on. */
  setLatency(ms: number): Promise<void>;
  /** Requests answered 200 so far, per endpoint. */
  served(): Promise<EndpointCounts>;
  close(): Promise<void>;
}

/** Starts the emulator process with a world of `events` history events across `organizations`. */
export async function startSnapshotEmulator(events: number, organizations: number, seed: number): Promise<SnapshotEmulator> {
  const child = forkTsChild(new URL('./snapshot-emulator-child.ts', import.meta.url), [events, organizations, seed]);
  const ready = await nextMessage<FromSnapshotEmulator>(child, 'ready').catch((err: unknown) => {
    child.kill();
    throw err;
  });
  if (ready.type !== 'ready') throw new Error('unreachable');
  const ask = async <T extends FromSnapshotEmulator['type']>(message: ToSnapshotEmulator, answer: T): Promise<Extract<FromSnapshotEmulator, { type: T }>> => {
    const answered = nextMessage<FromSnapshotEmulator>(child, answer);
    child.send(message);
    return (await answered) as Extract<FromSnapshotEmulator, { type: T }>;
  };
  return {
    hostname: ready.hostname,
    port: ready.port,
    apiKey: ready.apiKey,
    events: ready.events,
    async setLatency(ms) {
      await ask({ type: 'latency', ms }, 'latency-set');
    },
    async served() {
      const { byEndpoint } = await ask({ type: 'stats' }, 'stats');
      return Object.fromEntries(Object.entries(byEndpoint).map(([endpoint, outcomes]) => [endpoint, outcomes['200'] ?? 0]));
    },
    close: () => closeChild(child, { type: 'close' } satisfies ToSnapshotEmulator),
  };
}

/** `after` minus `before`, per endpoint, leaving out endpoints with no new request. */
export function countsSince(before: EndpointCounts, after: EndpointCounts): EndpointCounts {
  return Object.fromEntries(
    Object.entries(after)
      .map(([endpoint, count]) => [endpoint, count - (before[endpoint] ?? 0)] as const)
      .filter(([, count]) => count > 0),
  );
}

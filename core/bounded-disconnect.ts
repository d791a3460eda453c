/**
 * Disconnecting a kafkajs client waits for its in-flight requests, and kafkajs 2.2.4 can wait
 * forever when a request's connection went away underneath it (kafkajs #918, #1167; a fix is still
 * open as #1703). Where a disconnect is only clean-up on the way to real work (the short-lived
 * admin a role uses at start-up to create topics), it must not be able to stop the role starting.
 */
import type { Logger } from 'pino';
import { withDeadline } from './deadline.js';

/** How long such a clean-up disconnect may take before the caller moves on, ms. */
export const CLEANUP_DISCONNECT_MS = 10_000;

/**
 * Awaits `client.disconnect()` for at most `ms`; past that it logs a warning and resolves, leaving
 * the client to finish (or not) on its own. A disconnect that throws is logged, not rethrown.
 */
export async function disconnectWithin(client: { disconnect(): Promise<void> }, what: string, logger: Logger, ms = CLEANUP_DISCONNECT_MS): Promise<void> {
  try {
    const outcome = await withDeadline(client.disconnect().then(() => 'done' as const), ms, () => 'timed-out' as const);
    if (outcome === 'timed-out') logger.warn({ client: what, waitedMs: ms }, 'Kafka client did not disconnect in time; moving on');
  } catch (err) {
    logger.warn({ err, client: what }, 'Kafka client disconnect failed; moving on');
  }
}

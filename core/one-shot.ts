/**
 * The bound on a one-shot command (status, replay, reset-cursor): it ends when its work settles,
 * when `COMMAND_TIMEOUT_MS` passes (a broker that does not answer would otherwise keep it waiting
 * through kafkajs' own retries) or when it is asked to stop, whichever comes first.
 */
import { withDeadline } from './deadline.js';
import { ConnectorError } from './errors.js';

/** Limits of {@link boundedCommand}. */
export interface CommandBounds {
  /** Names the work in the error, e.g. `status`. */
  readonly what: string;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/**
 * `work`'s outcome, or an `ABORTED` error once the deadline passes or `signal` aborts. The work
 * is abandoned, not cancelled: the process exits right after, and Kafka clients left connecting
 * go with it.
 */
export async function boundedCommand<T>(work: Promise<T>, bounds: CommandBounds): Promise<T> {
  // The caller stops waiting; a late rejection of the abandoned work must not go unhandled.
  work.catch(() => undefined);
  let onAbort: (() => void) | undefined;
  const stopped = new Promise<never>((_, reject) => {
    onAbort = () => reject(new ConnectorError(`${bounds.what} interrupted before it finished`, { code: 'ABORTED', context: { reason: 'signal' } }));
    if (bounds.signal.aborted) onAbort();
    else bounds.signal.addEventListener('abort', onAbort, { once: true });
  });
  stopped.catch(() => undefined);
  try {
    return await withDeadline(Promise.race([work, stopped]), bounds.timeoutMs, () => {
      throw new ConnectorError(`${bounds.what} did not finish within ${bounds.timeoutMs} ms (COMMAND_TIMEOUT_MS); is the broker reachable?`, {
        code: 'ABORTED',
        context: { reason: 'deadline' },
      });
    });
  } finally {
    if (onAbort !== undefined) bounds.signal.removeEventListener('abort', onAbort);
  }
}

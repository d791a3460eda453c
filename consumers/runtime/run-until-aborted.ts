/**
 * How a consumer role runs: until its signal aborts, then a graceful stop (finish the record in
 * hand, commit, leave the group), reporting how it ended.
 */
import type { Logger } from 'pino';
import type { StoppableRun } from '../../core/metrics/health-state.js';

/**
 * Resolves after a clean stop asked for by `signal`; rejects if the consumer crashed for good or
 * the stop failed. A signal aborted before the call stops the run at once.
 */
export async function runUntilAborted(run: StoppableRun, signal: AbortSignal, logger: Logger): Promise<void> {
  const onAbort = (): void => {
    logger.info('stop requested; finishing the records in hand');
    run.stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
  };
  if (signal.aborted) onAbort();
  else signal.addEventListener('abort', onAbort, { once: true });
  try {
    await run.done;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}

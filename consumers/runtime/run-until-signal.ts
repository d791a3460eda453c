/**
 * Process lifecycle for a consumer entry point: run until SIGTERM or SIGINT, then stop gracefully
 * (finish the record in hand, commit, leave the group) and report how it ended.
 */
import type { Logger } from 'pino';
import type { ConsumerGroupRun } from './run-consumer-group.js';

/** Signals that ask for a graceful stop. */
const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Resolves after a clean stop triggered by a signal; rejects if the consumer crashed for good or
 * the stop failed. A second signal while stopping exits at once with code 130.
 */
export async function runUntilSignal(run: ConsumerGroupRun, logger: Logger): Promise<void> {
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn({ signal }, 'second signal while stopping; exiting now');
      process.exit(130);
    }
    stopping = true;
    logger.info({ signal }, 'signal received; stopping');
    run.stop().catch((err: unknown) => logger.error({ err }, 'stop failed'));
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  try {
    await run.done;
  } finally {
    for (const signal of STOP_SIGNALS) process.off(signal, onSignal);
  }
}

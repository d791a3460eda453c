/**
 * Runs `workos-kafka` as this process: SIGTERM and SIGINT ask the command to stop (a second one
 * exits at once with 130), and the process exits with the command's code. The entry files
 * (`cli/main.ts` and each role's `main.ts`) are one call to this.
 */
import { exitOnUncaughtError, exitProcess, exitWhenPrinted } from '../core/exit-process.js';
import { EXIT } from './exit-codes.js';
import { quietKnownWarnings } from './quiet-warnings.js';
import { main } from './run-cli.js';

const STOP_SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/** Runs `workos-kafka <argv>` and exits the process with its code. */
export async function runAsProcess(argv: readonly string[]): Promise<never> {
  quietKnownWarnings();
  exitOnUncaughtError(EXIT.failure);
  const stop = new AbortController();
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stop.signal.aborted) {
      process.stderr.write(`workos-kafka: second ${signal} while stopping; exiting now\n`);
      exitProcess(EXIT.interrupted);
    }
    stop.abort();
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);
  const code = await main(argv, { signal: stop.signal });
  // Exit rather than wait for the event loop to drain: a Kafka client or timer left by a
  // command that gave up must not keep the process alive. What is printed goes out first; not
  // process.exit, see core/exit-process.ts.
  return exitWhenPrinted(code);
}

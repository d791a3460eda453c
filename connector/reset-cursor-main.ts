/**
 * `reset-cursor`: the cursor recovery command as its own process (see `cursor-reset.ts` and
 * `CURSOR_RESET_USAGE`). Configured by the connector's environment minus the WorkOS key. Exits 0
 * after a dry run or an applied reset, 1 when Kafka or the registry fails, 2 on bad arguments or
 * configuration. The report goes to stdout; logs go to stderr.
 */
import { isConnectorError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { CURSOR_RESET_USAGE, loadCursorResetConfig, parseCursorResetArgs, resetCursor } from './cursor-reset.js';

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  process.stdout.write(`${CURSOR_RESET_USAGE}\n`);
  process.exit(0);
}

// Arguments and environment are both checked before exiting, so every problem shows at once.
const problems: string[] = [];
const attempt = <T>(load: () => T): T | undefined => {
  try {
    return load();
  } catch (error) {
    problems.push((error as Error).message);
    return undefined;
  }
};
const request = attempt(() => parseCursorResetArgs(argv));
const config = attempt(() => loadCursorResetConfig());
if (request === undefined || config === undefined) {
  process.stderr.write(`${problems.join('\n')}\n\n${CURSOR_RESET_USAGE}\n`);
  process.exit(2);
}

// stderr, so the report on stdout stays readable and pipeable.
const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr, base: { service: 'workos-kafka-reset-cursor', connector: config.CONNECTOR_NAME } });
try {
  await resetCursor(config, request, { logger, print: (line) => process.stdout.write(`${line}\n`) });
  process.exitCode = 0;
} catch (error) {
  const code = isConnectorError(error) ? error.code : 'UNEXPECTED';
  logger.error({ err: error, code }, 'cursor reset failed');
  process.stderr.write(`cursor reset failed (${code}): ${(error as Error).message}\n`);
  process.exitCode = 1;
}

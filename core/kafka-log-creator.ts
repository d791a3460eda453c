/**
 * Bridges kafkajs' pluggable `logCreator` to pino, so broker chatter lands in the same JSON
 * stream with `component: 'kafkajs'` and kafkajs' namespace (`Producer`, `Cluster`, …) as a field.
 */
// kafkajs is CommonJS and Node's ESM loader cannot see most of its named exports
// (ConfigResourceTypes, the error classes); the default import always works.
import kafkajs from 'kafkajs';
import type { LogEntry, logCreator } from 'kafkajs';
import type { Level, Logger } from 'pino';

const { logLevel } = kafkajs;

/** pino method for each kafkajs level; NOTHING has none. */
const PINO_METHOD: Readonly<Record<number, Level | undefined>> = Object.freeze({
  [logLevel.ERROR]: 'error',
  [logLevel.WARN]: 'warn',
  [logLevel.INFO]: 'info',
  [logLevel.DEBUG]: 'debug',
});

// kafkajs logs at ERROR some answers it then retries by design. The commonest: right after a
// transaction commits, the broker answers the next AddPartitionsToTxn with CONCURRENT_TRANSACTIONS
// while it writes the markers. That is expected on every page, so it is debug, not error.
const EXPECTED_RETRIES = [/concurrent operation on the same transaction/i, /coordinator is loading/i];

/** The level a kafkajs entry is written at: expected, retried answers go down to debug. */
export function effectiveKafkaLevel(level: number, message: string, error: unknown): number {
  if (level !== logLevel.ERROR) return level;
  const text = `${message} ${typeof error === 'string' ? error : ''}`;
  return EXPECTED_RETRIES.some((pattern) => pattern.test(text)) ? logLevel.DEBUG : level;
}

/**
 * A kafkajs `logCreator` writing to a child of `logger` (`component: 'kafkajs'`). Each record
 * carries kafkajs' `namespace` plus its extra fields (`broker`, `clientId`, `error`, …); kafkajs'
 * own `timestamp` and `logger` fields are dropped because pino stamps its own.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
      const method = PINO_METHOD[effectiveKafkaLevel(level, message, extra.error)];
      if (method === undefined) return;
      child[method]({ namespace, ...extra }, message);
    };
}

/**
 * The kafkajs level matching a pino level, so kafkajs does not even build entries pino would drop
 * (kafkajs filters before calling the log function). `trace` maps to DEBUG, `silent` to NOTHING.
 */
export function toKafkaLogLevel(level: string): number {
  switch (level) {
    case 'trace':
    case 'debug':
      return logLevel.DEBUG;
    case 'info':
      return logLevel.INFO;
    case 'warn':
      return logLevel.WARN;
    case 'error':
    case 'fatal':
      return logLevel.ERROR;
    default:
      return logLevel.NOTHING;
  }
}

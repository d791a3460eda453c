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

/**
 * A kafkajs `logCreator` writing to a child of `logger` (`component: 'kafkajs'`). Each record
 * carries kafkajs' `namespace` plus its extra fields (`broker`, `clientId`, `error`, …); kafkajs'
 * own `timestamp` and `logger` fields are dropped because pino stamps its own.
 */
export function kafkaLogCreator(logger: Logger): logCreator {
  const child = logger.child({ component: 'kafkajs' });
  return () =>
    ({ namespace, level, log }: LogEntry): void => {
      const method = PINO_METHOD[level];
      if (method === undefined) return;
      const { message, timestamp: _timestamp, logger: _logger, ...extra } = log;
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

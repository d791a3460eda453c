/**
 * The project's logger: pino with secrets redacted, one child per component, and a bridge that
 * turns kafkajs' log entries into pino records.
 */
import { createRequire } from 'node:module';
import { pino, type DestinationStream, type Level, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

/** Log levels accepted by {@link createLogger}. */
export type LogLevel = Level | 'silent';

/** What the censor writes in place of a secret. */
export const REDACTED = '[REDACTED]';

/**
 * Paths pino redacts. `*` stands for exactly one key, so each secret is listed at the top level
 * and one level down, and at the deeper places our config and client options put it.
 */
export const REDACT_PATHS: readonly string[] = Object.freeze([
  ...atDepths(['apiKey', 'api_key', 'password', 'secret', 'token', 'accessToken', 'clientSecret']),
  ...atDepths(['WORKOS_API_KEY', 'SCHEMA_REGISTRY_PASSWORD', 'KAFKA_SASL_PASSWORD']),
  ...atDepths(['headers.authorization', 'headers.Authorization', 'headers.cookie']),
  'config.workos.apiKey',
  'config.kafka.sasl.password',
  'config.registry.auth.password',
  'sasl.password',
  '*.sasl.password',
  'registryAuth.password',
  'env.WORKOS_API_KEY',
]);

/** Options for {@link createLogger}. */
export interface CreateLoggerOptions {
  /** Minimum level written. Default `info`. */
  level?: LogLevel;
  /**
   * Human-readable output through pino-pretty. Undefined = auto; false = never. Pretty output
   * is used only when stdout is a TTY and pino-pretty (a devDependency) can be resolved.
   */
  pretty?: boolean;
  /** Write here instead of stdout (tests, files). Disables pretty output. */
  destination?: DestinationStream;
  /** Extra fields on every record, e.g. `{ service: 'workos-kafka' }`. */
  base?: Record<string, unknown>;
}

/** Creates the root logger. Components take a child through {@link childLogger}. */
export function createLogger(options: CreateLoggerOptions = {}): Logger {
  const config: LoggerOptions = {
    level: options.level ?? 'info',
    redact: { paths: [...REDACT_PATHS], censor: REDACTED },
  };
  const root = options.destination !== undefined ? pino(config, options.destination) : stdoutLogger(withPretty(config, options.pretty));
  return options.base === undefined ? root : root.child(options.base);
}

/**
 * pino on stdout. Without a transport, lines are written synchronously: pino's default stream
 * writes on libuv's thread pool, and a line still queued there when the process ends at once
 * (`core/exit-process.ts`) would be lost.
 */
function stdoutLogger(config: LoggerOptions): Logger {
  return config.transport === undefined ? pino(config, pino.destination({ dest: 1, sync: true })) : pino(config);
}

function withPretty(config: LoggerOptions, pretty: boolean | undefined): LoggerOptions {
  const target = shouldUsePretty(pretty, process.stdout.isTTY === true) ? resolvePinoPretty() : undefined;
  if (target === undefined) return config;
  return { ...config, transport: { target, options: { colorize: true, translateTime: 'SYS:HH:MM:ss.l' } } };
}

/** The pretty decision, pure so it can be tested: never when disabled, otherwise only on a TTY. */
export function shouldUsePretty(pretty: boolean | undefined, stdoutIsTty: boolean): boolean {
  return pretty !== false && stdoutIsTty;
}

/** Absolute path of pino-pretty when installed, else undefined (production installs omit devDependencies). */
export function resolvePinoPretty(): string | undefined {
  try {
    return createRequire(import.meta.url).resolve('pino-pretty');
  } catch {
    return undefined;
  }
}

/** The component convention: `childLogger(root, 'connector.publisher')` adds `component` to every record. */
export function childLogger(parent: Logger, component: string, bindings: Record<string, unknown> = {}): Logger {
  return parent.child({ ...bindings, component });
}

// Only one wildcard per path: @pinojs/redact 0.4 walks multi-wildcard paths into Buffers and
// throws ("Method get %TypedArray%.prototype.buffer called on incompatible receiver"), which
// turned any debug log carrying a Kafka message into a crash. Deeper secrets are listed explicitly.
function atDepths(keys: readonly string[]): string[] {
  return keys.flatMap((key) => [key, `*.${key}`]);
}

// The kafkajs bridge lives in its own file (one concept each); re-exported so callers find it here.
export { kafkaLogCreator, toKafkaLogLevel } from './kafka-log-creator.js';

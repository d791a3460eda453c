/**
 * The project's one error type. Every failure that crosses a module boundary becomes a
 * `ConnectorError` with a code from {@link ERROR_CODES}, a retriable flag, the original cause and
 * a small context object, so the retry helper can decide by walking the cause chain and pino's
 * `err` serializer prints all of it (own enumerable fields are copied, causes are appended).
 */

import type { ErrorCode } from './error-codes.js';

export { ERROR_CODES, type ErrorCode } from './error-codes.js';

/**
 * Facts about the failure, with the project's fixed log field names. Keep values small and
 * JSON-friendly: the logger prints them and the dead-letter writer copies them into headers.
 */
export interface ErrorContext {
  eventId?: string;
  eventType?: string;
  topic?: string;
  partition?: number;
  offset?: string;
  groupId?: string;
  /** HTTP status of the upstream answer (WorkOS or the registry). */
  status?: number;
  /** How long the server asked us to wait before retrying, in milliseconds. */
  retryAfterMs?: number;
  /** Upstream request id, when the upstream gives one. */
  requestId?: string;
  /** Attempts made so far (set by the retry helper). */
  attempts?: number;
  /** A short machine-readable sub-reason, e.g. `unknown-schema-id` for `DECODE_FAILED`. */
  reason?: string;
  [key: string]: string | number | boolean | null | undefined | readonly string[];
}

/** Constructor options for {@link ConnectorError}. */
export interface ConnectorErrorOptions {
  code: ErrorCode;
  /** Whether trying the same operation again may succeed. Default `false`. */
  retriable?: boolean;
  cause?: unknown;
  context?: ErrorContext;
}

/** The base error of the project: code, retriable flag, cause and context. */
export class ConnectorError extends Error {
  override readonly name = 'ConnectorError';
  readonly code: ErrorCode;
  readonly retriable: boolean;
  readonly context: ErrorContext;

  constructor(message: string, options: ConnectorErrorOptions) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.code = options.code;
    this.retriable = options.retriable ?? false;
    // Drop undefined keys so logs and headers do not carry `"status": undefined` noise.
    this.context = Object.freeze(
      Object.fromEntries(Object.entries(options.context ?? {}).filter(([, v]) => v !== undefined)),
    ) as ErrorContext;
  }

  /** A plain summary for `JSON.stringify` (dead-letter headers, test output); pino uses its own serializer. */
  toJSON(): Record<string, unknown> {
    return {
      name: this.name,
      code: this.code,
      message: this.message,
      retriable: this.retriable,
      context: this.context,
      causes: causeChain(this).slice(1).map(describeCause),
    };
  }
}

/** True when `value` is a {@link ConnectorError}, optionally with the given code. */
export function isConnectorError(value: unknown, code?: ErrorCode): value is ConnectorError {
  return value instanceof ConnectorError && (code === undefined || value.code === code);
}

/** Longest cause chain walked; guards against cycles and pathological nesting. */
const MAX_CHAIN = 16;

/** The error followed by its causes, outermost first, without repeats. */
export function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  const seen = new Set<unknown>();
  let current: unknown = err;
  while (current !== undefined && current !== null && !seen.has(current) && chain.length < MAX_CHAIN) {
    chain.push(current);
    seen.add(current);
    current = typeof current === 'object' ? (current as { cause?: unknown }).cause : undefined;
  }
  return chain;
}

/** JS built-in errors that mean a bug in our code, not a transient condition. */
const PROGRAMMING_ERRORS = new Set(['TypeError', 'ReferenceError', 'SyntaxError', 'RangeError', 'EvalError']);

/**
 * Whether retrying may help. Walks the cause chain: any error that says `retriable: false` wins
 * (retry only if nothing in the chain says no). If some error says `retriable: true`, retry.
 * With no verdict anywhere, built-in programming errors (TypeError, ReferenceError, …) are not
 * retried and everything else is, as kafkajs' retrier does.
 */
export function isRetriable(err: unknown): boolean {
  const chain = causeChain(err);
  let explicitYes = false;
  for (const link of chain) {
    const flag = typeof link === 'object' && link !== null ? (link as { retriable?: unknown }).retriable : undefined;
    if (flag === false) return false;
    if (flag === true) explicitYes = true;
  }
  if (explicitYes) return true;
  return !chain.some((link) => link instanceof Error && PROGRAMMING_ERRORS.has(link.name));
}

/**
 * kafkajs errors that mean the cluster could not be reached or did not answer in time. kafkajs
 * wraps them in a KafkaJSNonRetriableError once its own short retries are spent, but a broker
 * that restarts or fails over comes back: a long-running role waits for it rather than stop.
 */
const KAFKA_UNREACHABLE = new Set([
  'KafkaJSConnectionError',
  'KafkaJSConnectionClosedError',
  'KafkaJSRequestTimeoutError',
  'KafkaJSNoBrokerAvailableError',
  'KafkaJSBrokerNotFound',
  'KafkaJSLockTimeout',
  'KafkaJSGroupCoordinatorNotFound',
]);

/** Socket error codes of a broker that is not (yet) reachable: not started, not in DNS yet, restarting. */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'ETIMEDOUT', 'EHOSTUNREACH', 'ENETUNREACH']);

/** Error codes of a TLS verdict (Node's and OpenSSL's). */
const CERTIFICATE_CODE = /^ERR_(TLS|SSL)_|CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER/;

/**
 * Whether `link` (one error of a cause chain) is a broker certificate the client refuses: kafkajs
 * reports it as a connection error, but it is a configuration problem, and waiting does not change it.
 */
export function isCertificateFailure(link: unknown): boolean {
  if (typeof link !== 'object' || link === null) return false;
  const code = (link as { code?: unknown }).code;
  return (typeof code === 'string' && CERTIFICATE_CODE.test(code)) || (link instanceof Error && /certificate/i.test(link.message));
}

/**
 * Whether `err` (anywhere in its cause chain) says the Kafka cluster was unreachable for a while:
 * one of kafkajs' connection errors, or a socket error code under a kafkajs error. One rule for
 * every role: the connector's transactions and lease group, and a consumer's start-up.
 */
export function isKafkaUnreachable(err: unknown): boolean {
  const chain = causeChain(err);
  if (chain.some(isCertificateFailure)) return false;
  if (chain.some((link) => link instanceof Error && KAFKA_UNREACHABLE.has(link.name))) return true;
  // A socket code says "unreachable" only for Kafka's sockets, not for the registry's or WorkOS'.
  const fromKafkajs = chain.some((link) => link instanceof Error && link.name.startsWith('KafkaJS'));
  return fromKafkajs && chain.some((link) => typeof link === 'object' && link !== null && NETWORK_CODES.has(String((link as { code?: unknown }).code)));
}

/** {@link isRetriable}, or the Kafka cluster was unreachable (see {@link isKafkaUnreachable}). */
export function isRetriableOrKafkaUnreachable(err: unknown): boolean {
  return isRetriable(err) || isKafkaUnreachable(err);
}

/** The first `retryAfterMs` found in the cause chain (context or own property), in milliseconds. */
export function findRetryAfterMs(err: unknown): number | undefined {
  for (const link of causeChain(err)) {
    if (typeof link !== 'object' || link === null) continue;
    const own = (link as { retryAfterMs?: unknown }).retryAfterMs;
    const ctx = (link as { context?: { retryAfterMs?: unknown } }).context?.retryAfterMs;
    for (const candidate of [ctx, own]) {
      if (typeof candidate === 'number' && Number.isFinite(candidate) && candidate >= 0) return candidate;
    }
  }
  return undefined;
}

/** Wraps anything thrown into a {@link ConnectorError}; returns `err` unchanged if it already is one. */
export function toConnectorError(err: unknown, fallback: ConnectorErrorOptions & { message?: string }): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const message = fallback.message ?? (err instanceof Error ? err.message : String(err));
  return new ConnectorError(message, { ...fallback, cause: fallback.cause ?? err });
}

function describeCause(link: unknown): Record<string, unknown> {
  if (!(link instanceof Error)) return { value: String(link) };
  const { code, retriable, status } = link as { code?: unknown; retriable?: unknown; status?: unknown };
  return { name: link.name, message: link.message, code, retriable, status };
}

/**
 * Turns what @kafkajs/confluent-schema-registry 3.9.0 throws into `ConnectorError`s. The client
 * throws its own error classes (told apart by `name`), mappersmith `ResponseError`s carrying the
 * HTTP `status`, and raw errors from `JSON.parse`. One quirk: mappersmith reports a network
 * failure (ECONNREFUSED, reset, DNS) as status 400 with the socket error text as the message,
 * so a 400 with such text is treated as "unavailable", not as a rejection.
 */
import { ConnectorError, type ErrorContext } from '../core/errors.js';
import { decodeFailed } from './json-codec.js';

/** Which codec step failed; decides between ENCODE_FAILED, DECODE_FAILED and REGISTRY_REJECTED. */
export type RegistryPhase = 'register' | 'encode' | 'decode';

const NETWORK_TEXT = /ECONNREFUSED|ECONNRESET|ETIMEDOUT|EHOSTUNREACH|ENETUNREACH|ENOTFOUND|EAI_AGAIN|EPIPE|socket hang up|timeout/i;

/** The HTTP status on a registry client error, if any. */
export function registryStatus(err: unknown): number | undefined {
  const status = typeof err === 'object' && err !== null ? (err as { status?: unknown }).status : undefined;
  return typeof status === 'number' ? status : undefined;
}

/** True for the lookup miss `getRegistryIdBySchema` reports (it rewraps the 404 and loses the status). */
export function isSchemaNotRegistered(err: unknown): boolean {
  return (err instanceof Error && err.name === 'ConfluentSchemaRegistryError') || registryStatus(err) === 404;
}

/** Classifies an error from one codec step into a `ConnectorError`. */
export function classifyRegistryError(err: unknown, phase: RegistryPhase, context: ErrorContext): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const name = err instanceof Error ? err.name : '';
  const message = err instanceof Error ? err.message : String(err);
  const status = registryStatus(err);
  const ctx: ErrorContext = { ...context, ...(status === undefined ? {} : { status }) };

  if (name === 'ConfluentSchemaRegistryValidationError') {
    const paths = (err as { paths?: unknown }).paths;
    const where = Array.isArray(paths) ? ` at ${JSON.stringify(paths)}` : '';
    const text = `Value does not match the registered schema${where}`;
    if (phase === 'decode') return decodeFailed(text, 'schema-mismatch', ctx, err);
    return new ConnectorError(text, { code: 'ENCODE_FAILED', cause: err, context: ctx });
  }
  if (name === 'ConfluentSchemaRegistryCompatibilityError') {
    return new ConnectorError(
      `Schema registry subject is configured with a different compatibility level (${message}); set the codec's compatibility option to match`,
      { code: 'REGISTRY_REJECTED', cause: err, context: ctx },
    );
  }
  if (isUnavailable(status, message)) {
    return new ConnectorError(`Schema registry unavailable: ${message}`, {
      code: 'REGISTRY_UNAVAILABLE',
      retriable: true,
      cause: err,
      context: ctx,
    });
  }
  if (status === 401 || status === 403) {
    return new ConnectorError(`Schema registry refused the credentials (${status}): check the registry user and password`, {
      code: 'REGISTRY_REJECTED',
      cause: err,
      context: ctx,
    });
  }
  if (phase === 'decode') {
    if (status === 404) return decodeFailed(`Record names a schema id the registry does not know: ${message}`, 'unknown-schema-id', ctx, err);
    if (err instanceof SyntaxError) return decodeFailed(`Record payload is not valid JSON: ${message}`, 'invalid-json', ctx, err);
    return decodeFailed(`Record could not be decoded: ${message}`, 'undecodable', ctx, err);
  }
  const code = phase === 'encode' && status === undefined ? 'ENCODE_FAILED' : 'REGISTRY_REJECTED';
  return new ConnectorError(`Schema registry ${phase} failed: ${message}`, { code, cause: err, context: ctx });
}

function isUnavailable(status: number | undefined, message: string): boolean {
  if (status === undefined) return NETWORK_TEXT.test(message);
  return status >= 500 || status === 408 || status === 429 || (status === 400 && NETWORK_TEXT.test(message));
}

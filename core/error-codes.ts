/**
 * The closed list of error codes, kept apart from the error class because it is an external
 * contract: alerts and dead-letter consumers match on these strings, so renaming one is a
 * breaking change. Each code's comment says whether it is normally retriable.
 */
export const ERROR_CODES = [
  /** A configuration value is missing, malformed or inconsistent. Fatal. */
  'CONFIG_INVALID',
  /** WorkOS rejected the API key (401) or the key lacks permission (403). Fatal. */
  'WORKOS_AUTH_FAILED',
  /** WorkOS rejected the request itself (400, 404, 409, 422). Fatal: retrying sends the same request. */
  'WORKOS_BAD_REQUEST',
  /** WorkOS answered 429. Retriable, usually with `retryAfterMs`. */
  'WORKOS_RATE_LIMITED',
  /** The request timed out (the SDK's 408 `OauthException`). Retriable. */
  'WORKOS_TIMEOUT',
  /** WorkOS answered 5xx. Retriable. */
  'WORKOS_SERVER_ERROR',
  /** The request never got an HTTP answer (DNS, refused, reset). Retriable. */
  'WORKOS_NETWORK_ERROR',
  /** WorkOS (or a proxy) answered with a body that is not the expected JSON. Retriable. */
  'WORKOS_BAD_RESPONSE',
  /** The WorkOS client failed in a way no rule recognises. Fatal, so a human looks at it. */
  'WORKOS_UNEXPECTED',
  /** A Kafka operation failed; `retriable` mirrors kafkajs' own verdict. */
  'KAFKA_ERROR',
  /** Another instance with the same transactional id took over. Fatal for this instance. */
  'KAFKA_FENCED',
  /** A topic exists with settings the project cannot work with (e.g. a cursor topic not compacted). */
  'TOPIC_MISCONFIGURED',
  /** The schema registry could not be reached or answered 5xx. Retriable. */
  'REGISTRY_UNAVAILABLE',
  /** The schema registry refused a request (auth, incompatible schema, bad subject config). Fatal. */
  'REGISTRY_REJECTED',
  /** A value could not be serialised for Kafka (e.g. it fails the record schema). Not retriable. */
  'ENCODE_FAILED',
  /** A record's bytes could not be turned back into a value. Not retriable: dead-letter it. */
  'DECODE_FAILED',
  /** A WorkOS event lacks a field the connector needs (e.g. `id`). Not retriable. */
  'INVALID_EVENT',
  /** The stored cursor record cannot be used. */
  'CURSOR_INVALID',
  /** A consumer handler failed while processing an event. */
  'HANDLER_FAILED',
  /** The retry helper gave up after `maxAttempts`; the last failure is the cause. */
  'RETRY_EXHAUSTED',
  /** Work was interrupted by shutdown (an `AbortSignal`). Never retried. */
  'ABORTED',
] as const;

/** One of {@link ERROR_CODES}. */
export type ErrorCode = (typeof ERROR_CODES)[number];

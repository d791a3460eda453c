/**
 * JSON error bodies of the emulated API. Status codes follow the reference: 400 for a bad event
 * name or cursor, 401 for auth, 422 with `errors[]` for parameter validation (the SDK then throws
 * `UnprocessableEntityException`, whose message lists the `errors[].code` values).
 */

/** An error response: HTTP status plus JSON body. */
export interface ApiError {
  readonly status: number;
  readonly body: Readonly<Record<string, unknown>>;
}

/** 400 for an unknown event name, byte-for-byte the message the real API gives. */
export function invalidEventsError(name: string): ApiError {
  return {
    status: 400,
    body: {
      code: 'invalid_events_request',
      message: `Invalid name parameter, received: '${name}'. You must pass in valid event names`,
    },
  };
}

/** 422 for a bad query parameter. `code` is per-field, e.g. `limit_out_of_range`. */
export function validationError(field: string, code: string, message: string): ApiError {
  return { status: 422, body: { code: 'invalid_request_parameters', message, errors: [{ field, code }] } };
}

/** 400 for an `after` cursor the store cannot place (unknown or past retention). */
export function invalidAfterError(after: string): ApiError {
  return {
    status: 400,
    body: {
      code: 'invalid_after_cursor',
      message: `The 'after' cursor '${after}' does not reference an event within the retention window.`,
    },
  };
}

/** 401 for a missing or wrong API key. */
export const UNAUTHORIZED: ApiError = { status: 401, body: { code: 'unauthorized', message: 'Unauthorized' } };

/** 404 for any path the emulator does not serve. */
export const NOT_FOUND: ApiError = { status: 404, body: { code: 'not_found', message: 'Not Found' } };

/** 405 for a non-GET request to `/events`. */
export const METHOD_NOT_ALLOWED: ApiError = { status: 405, body: { code: 'method_not_allowed', message: 'Method Not Allowed' } };

/** 429 body; the status line and `Retry-After` header carry the real information. */
export const RATE_LIMITED: ApiError = { status: 429, body: { code: 'rate_limit_exceeded', message: 'Too many requests' } };

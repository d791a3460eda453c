/**
 * Classifies what `@workos-inc/node` 12.3.0 throws for `GET /events` into `ConnectorError`s
 * (reference `workos-events-api.md` §2). Retriable: 429, 408 timeouts, 5xx, network failures and
 * unreadable bodies. Fatal: 400, 401, 403, 404, 409, 422 and redirects, with a message naming the
 * likely cause. Classes are recognised by `name` as well as `instanceof`, so a second copy of the
 * SDK (its CJS and ESM builds are separate classes) is still classified correctly.
 *
 * What 12.3.0 throws from `get()` with its own retries off (see `workos-client.ts`):
 * - a JSON error answer: `UnauthorizedException` (401), `NotFoundException` (404),
 *   `ConflictException` (409), `UnprocessableEntityException` (422), `RateLimitExceededException`
 *   (429, `retryAfter` = `Number(Retry-After)`: `null` when absent, `NaN` for an HTTP-date),
 *   otherwise `OauthException`/`BadRequestException`/`GenericServerException` carrying `status`;
 *   a 3xx (redirects are not followed) is a `GenericServerException` with that status;
 * - its own timeout, before or during the body: `OauthException` 408 "Request timeout";
 * - a non-JSON error body: `Error("Unexpected error: ParseError: …")` whose `cause` is the
 *   unexported `ParseError` (`rawStatus`, `rawBody`, `requestID`);
 * - a 2xx JSON body that does not parse: that `ParseError` itself, with `status` 500 although the
 *   answer was a 2xx (`rawStatus`);
 * - a network failure: `Error("Unexpected error: TypeError: fetch failed")` with the fetch error
 *   as `cause`;
 * - an aborted `signal`: the signal's reason.
 */
import { RateLimitExceededException } from '@workos-inc/node';
import { ConnectorError, type ErrorCode, type ErrorContext } from '../core/errors.js';
import { parseRetryAfterMs } from '../core/retry-after.js';

export { parseRetryAfterMs } from '../core/retry-after.js';

interface SdkErrorFields {
  status?: unknown;
  requestID?: unknown;
  code?: unknown;
  rawStatus?: unknown;
  rawData?: unknown;
  retryAfter?: unknown;
}

/**
 * Turns anything the SDK (or the fetch under it) throws into a `ConnectorError`. A
 * `ConnectorError` passes through unchanged, so classifying twice is harmless.
 */
export function classifyWorkosError(err: unknown, nowMs: number = Date.now()): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const e = (typeof err === 'object' && err !== null ? err : {}) as SdkErrorFields & Partial<Error>;
  const name = typeof e.name === 'string' ? e.name : '';
  const message = typeof e.message === 'string' && e.message !== '' ? e.message : String(err);
  const status = typeof e.status === 'number' ? e.status : undefined;
  const context: ErrorContext = {
    status,
    requestId: typeof e.requestID === 'string' && e.requestID !== '' ? e.requestID : undefined,
    workosCode: workosCodeOf(e),
  };
  const make = (code: ErrorCode, retriable: boolean, text: string, extra: ErrorContext = {}): ConnectorError =>
    new ConnectorError(text, { code, retriable, cause: err, context: { ...context, ...extra } });

  // Checked first: RateLimitExceededException extends GenericServerException (a 5xx-looking class).
  if (err instanceof RateLimitExceededException || name === 'RateLimitExceededException' || status === 429) {
    const retryAfterMs = parseRetryAfterMs(e.retryAfter, nowMs);
    return make('WORKOS_RATE_LIMITED', true, `WorkOS rate limit hit (429)${retryAfterMs === undefined ? '' : `; retry after ${retryAfterMs} ms`}`, {
      retryAfterMs,
    });
  }
  if (name === 'NoApiKeyProvidedException' || name === 'ApiKeyRequiredException') {
    return make('WORKOS_AUTH_FAILED', false, 'No WorkOS API key is configured: set WORKOS_API_KEY to the secret key (sk_…) of the environment');
  }
  // Before the status: a ParseError says 500 whatever the server answered.
  if (name === 'ParseError') return classifyParseError(e, message, make);
  if (status !== undefined) return classifyStatus(status, message, context, make);
  if (name === 'AbortError') return make('ABORTED', false, 'WorkOS request aborted by shutdown');

  const cause = (e as { cause?: unknown }).cause;
  if (cause !== undefined && cause !== null) return classifyCause(cause, message, make);
  if (name === 'TypeError' || name === 'SyntaxError') {
    return make('WORKOS_BAD_RESPONSE', true, `WorkOS answered with a body that is not the expected JSON: ${message}`);
  }
  return make('WORKOS_UNEXPECTED', false, `Unexpected error from the WorkOS client: ${message}`);
}

type Make = (code: ErrorCode, retriable: boolean, text: string, extra?: ErrorContext) => ConnectorError;

function classifyStatus(status: number, message: string, context: ErrorContext, make: Make): ConnectorError {
  if (status === 408) return make('WORKOS_TIMEOUT', true, `WorkOS request timed out (408): ${message}`);
  if (status >= 500) return make('WORKOS_SERVER_ERROR', true, `WorkOS server error (${status}): ${message}`);
  if (status === 401) {
    return make('WORKOS_AUTH_FAILED', false, 'WorkOS rejected the API key (401): check that WORKOS_API_KEY is the secret key (sk_…) of the environment whose events you read');
  }
  if (status === 403) {
    return make('WORKOS_AUTH_FAILED', false, `WorkOS refused access (403): the API key is not allowed to read events; grant it Events read permission in the WorkOS dashboard (${message})`);
  }
  if (status === 404) {
    return make('WORKOS_BAD_REQUEST', false, `WorkOS answered 404 for /events: check WORKOS_API_HOSTNAME / WORKOS_API_PORT point at the WorkOS API (${message})`);
  }
  if (status >= 300 && status < 400) {
    return make('WORKOS_BAD_REQUEST', false, `WorkOS answered a redirect (${status}), which the SDK does not follow: check WORKOS_API_HOSTNAME / WORKOS_API_PORT / WORKOS_API_HTTPS (${message})`);
  }
  if (status === 400 && context.workosCode === 'invalid_events_request') {
    return make('WORKOS_BAD_REQUEST', false, `WorkOS rejected the event types (400 invalid_events_request): ${message}; configure only event names WorkOS knows`);
  }
  return make('WORKOS_BAD_REQUEST', false, `WorkOS rejected the request (${status}): ${message}`);
}

/** The SDK wraps non-HTTP failures as `Error("Unexpected error: …", { cause })`. */
function classifyCause(cause: unknown, message: string, make: Make): ConnectorError {
  const c = (typeof cause === 'object' ? cause : {}) as SdkErrorFields & Partial<Error> & { cause?: { code?: unknown } };
  if (c.name === 'ParseError') return classifyParseError(c, message, make);
  const errno = typeof c.cause?.code === 'string' ? c.cause.code : undefined;
  return make('WORKOS_NETWORK_ERROR', true, `Could not reach WorkOS: ${message}${errno === undefined ? '' : ` (${errno})`}`, { errno });
}

/** A body that is not JSON: on an error status (wrapped as a cause) or on a 2xx (thrown as is). */
function classifyParseError(parseError: SdkErrorFields, message: string, make: Make): ConnectorError {
  const rawStatus = typeof parseError.rawStatus === 'number' ? parseError.rawStatus : undefined;
  const requestId = typeof parseError.requestID === 'string' && parseError.requestID !== '' ? parseError.requestID : undefined;
  // Only an error status is a status: a 2xx whose body breaks off counts as no answer in metrics.
  const extra = { status: rawStatus !== undefined && rawStatus >= 400 ? rawStatus : undefined, requestId };
  // A non-JSON 4xx page means a wrong host or an auth proxy, not a transient blip: stop.
  if (rawStatus === 401 || rawStatus === 403) {
    return make('WORKOS_AUTH_FAILED', false, `WorkOS (or a proxy in front of it) refused the request (${rawStatus}) with a non-JSON body: check WORKOS_API_KEY and WORKOS_API_HOSTNAME`, extra);
  }
  if (rawStatus !== undefined && rawStatus >= 400 && rawStatus < 500 && rawStatus !== 408 && rawStatus !== 429) {
    return make('WORKOS_BAD_REQUEST', false, `WorkOS host answered ${rawStatus} with a non-JSON body: check WORKOS_API_HOSTNAME / WORKOS_API_PORT`, extra);
  }
  if (rawStatus !== undefined && rawStatus < 300) {
    return make('WORKOS_BAD_RESPONSE', true, `WorkOS answered ${rawStatus} with a JSON body that does not parse (cut off?): ${message}`, extra);
  }
  return make('WORKOS_BAD_RESPONSE', true, `WorkOS answered ${rawStatus ?? 'an error'} with a body that is not JSON (e.g. a proxy's HTML page): ${message}`, extra);
}

function workosCodeOf(e: SdkErrorFields): string | undefined {
  if (typeof e.code === 'string' && e.code !== '') return e.code;
  const raw = e.rawData as { code?: unknown } | undefined;
  return typeof raw?.code === 'string' && raw.code !== '' ? raw.code : undefined;
}

import {
  ApiKeyRequiredException,
  BadRequestException,
  ConflictException,
  GenericServerException,
  NoApiKeyProvidedException,
  NotFoundException,
  OauthException,
  RateLimitExceededException,
  UnauthorizedException,
  UnprocessableEntityException,
} from '@workos-inc/node';
import { describe, expect, it } from 'vitest';
import { ConnectorError, isRetriable } from '../../../core/errors.js';
import { classifyWorkosError } from '../../../connector/workos-errors.js';

const NOW = Date.parse('2025-07-23T12:00:00Z');
const classify = (err: unknown) => classifyWorkosError(err, NOW);

/** The SDK's unexported ParseError, shaped as 12.3.0 builds it (its `status` is always 500). */
const parseError = (rawStatus: number, requestID = '') =>
  Object.assign(new Error('Unexpected token < in JSON at position 0'), { name: 'ParseError', status: 500, rawStatus, rawBody: '<html>', requestID });

describe('classifyWorkosError: retriable failures', () => {
  it('429 with Retry-After seconds: rate limited, retryAfterMs set', () => {
    const err = classify(new RateLimitExceededException('Too many requests', '', 30));
    expect(err).toMatchObject({ code: 'WORKOS_RATE_LIMITED', retriable: true, context: { status: 429, retryAfterMs: 30_000 } });
    expect(isRetriable(err)).toBe(true);
  });

  it('429 checked before the 5xx-looking GenericServerException it extends', () => {
    const rate = new RateLimitExceededException('slow down', '', null);
    expect(rate).toBeInstanceOf(GenericServerException);
    expect(classify(rate).code).toBe('WORKOS_RATE_LIMITED');
  });

  it('429 without a usable Retry-After (absent: null, HTTP-date: NaN) leaves the wait to the backoff', () => {
    for (const retryAfter of [null, Number.NaN]) {
      const err = classify(new RateLimitExceededException('x', '', retryAfter));
      expect(err.code).toBe('WORKOS_RATE_LIMITED');
      expect(err.context.retryAfterMs).toBeUndefined();
      expect(Object.keys(err.context)).not.toContain('retryAfterMs');
    }
  });

  it('accepts an HTTP-date Retry-After when one is available', () => {
    const withDate = Object.assign(new RateLimitExceededException('x', '', null), { retryAfter: 'Wed, 23 Jul 2025 12:00:10 GMT' });
    expect(classify(withDate).context.retryAfterMs).toBe(10_000);
  });

  it('the SDK timeout (OauthException 408) is a retriable timeout', () => {
    const err = classify(new OauthException(408, '', 'Request timeout', undefined, { error: 'Request timeout' }));
    expect(err).toMatchObject({ code: 'WORKOS_TIMEOUT', retriable: true, context: { status: 408 } });
  });

  it('any 5xx is a retriable server error, whichever class carries it', () => {
    expect(classify(new GenericServerException(500, 'Internal error', {}, 'req_1'))).toMatchObject({
      code: 'WORKOS_SERVER_ERROR', retriable: true, context: { status: 500, requestId: 'req_1' },
    });
    expect(classify(new GenericServerException(503, undefined, {}, ''))).toMatchObject({ code: 'WORKOS_SERVER_ERROR', retriable: true });
    expect(classify(new OauthException(502, '', 'bad_gateway', undefined, {}))).toMatchObject({ code: 'WORKOS_SERVER_ERROR', retriable: true });
  });

  it('a non-JSON error body (HTML 502 from a proxy) arrives as Error with a ParseError cause: retriable', () => {
    const sdkError = new Error('Unexpected error: ParseError: Unexpected token <', { cause: parseError(502) });
    const err = classify(sdkError);
    expect(err).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true, context: { status: 502 } });
    expect(err.cause).toBe(sdkError);
    expect(isRetriable(err)).toBe(true);
  });

  it('keeps the request id of a non-JSON error body (12.3.0 reads X-Request-ID)', () => {
    const err = classify(new Error('Unexpected error: ParseError', { cause: parseError(503, 'req_9') }));
    expect(err).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true, context: { status: 503, requestId: 'req_9' } });
  });

  it('a 2xx JSON body that does not parse arrives as the bare ParseError (status 500): retriable, no status', () => {
    const err = classify(Object.assign(parseError(200), { message: 'Unexpected end of JSON input' }));
    expect(err).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true });
    expect(err.message).toMatch(/200 with a JSON body that does not parse/);
    // Counted as no answer, like a network failure, not as a 200 or a 500.
    expect(err.context.status).toBeUndefined();
  });

  it('a network failure arrives as Error with a TypeError cause: retriable, errno kept', () => {
    const fetchFailed = Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:1'), { code: 'ECONNREFUSED' }) });
    const err = classify(new Error('Unexpected error: TypeError: fetch failed', { cause: fetchFailed }));
    expect(err).toMatchObject({ code: 'WORKOS_NETWORK_ERROR', retriable: true, context: { errno: 'ECONNREFUSED' } });
    // the TypeError in the chain must not veto the retry
    expect(isRetriable(err)).toBe(true);
  });

  it('a 200 without JSON content type or with truncated JSON (TypeError) is retriable', () => {
    expect(classify(new TypeError("Cannot read properties of null (reading 'data')"))).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true });
    expect(classify(new TypeError('Body is unusable: Body has already been read'))).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true });
  });
});

describe('classifyWorkosError: fatal failures name the cause', () => {
  it('401: the API key', () => {
    const err = classify(new UnauthorizedException(''));
    expect(err).toMatchObject({ code: 'WORKOS_AUTH_FAILED', retriable: false, context: { status: 401 } });
    expect(err.message).toMatch(/^WorkOS rejected the API key \(401\).*WORKOS_API_KEY/);
  });

  it('403: the key lacks permission', () => {
    const err = classify(new GenericServerException(403, 'Forbidden', { message: 'Forbidden' }, ''));
    expect(err).toMatchObject({ code: 'WORKOS_AUTH_FAILED', retriable: false });
    expect(err.message).toMatch(/403.*Events read permission/);
    expect(classify(new OauthException(403, '', 'access_denied', 'no', {})).code).toBe('WORKOS_AUTH_FAILED');
  });

  it('a missing key (the SDK throws before any request)', () => {
    expect(classify(new ApiKeyRequiredException('/events'))).toMatchObject({ code: 'WORKOS_AUTH_FAILED', retriable: false });
    const noKey = classify(new NoApiKeyProvidedException());
    expect(noKey).toMatchObject({ code: 'WORKOS_AUTH_FAILED', retriable: false });
    expect(noKey.message).toMatch(/WORKOS_API_KEY/);
  });

  it('400 invalid_events_request points at the event types', () => {
    const body = { code: 'invalid_events_request', message: "Invalid name parameter, received: 'x'. You must pass in valid event names" };
    const err = classify(new GenericServerException(400, body.message, body, ''));
    expect(err).toMatchObject({ code: 'WORKOS_BAD_REQUEST', retriable: false, context: { status: 400, workosCode: 'invalid_events_request' } });
    expect(err.message).toMatch(/event types/);
  });

  it('400 BadRequestException, 422 and 404 are fatal bad requests', () => {
    expect(classify(new BadRequestException({ code: 'bad', errors: [], message: 'bad', requestID: '' }))).toMatchObject({ code: 'WORKOS_BAD_REQUEST', retriable: false });
    const unprocessable = classify(new UnprocessableEntityException({ code: 'invalid', errors: [{ field: 'after', code: 'exclusive' }], requestID: '' }));
    expect(unprocessable).toMatchObject({ code: 'WORKOS_BAD_REQUEST', retriable: false, context: { status: 422 } });
    const notFound = classify(new NotFoundException({ path: '/events', requestID: '' }));
    expect(notFound).toMatchObject({ code: 'WORKOS_BAD_REQUEST', retriable: false, context: { status: 404 } });
    expect(notFound.message).toMatch(/WORKOS_API_HOSTNAME/);
  });

  it('409 ConflictException is a fatal bad request', () => {
    expect(classify(new ConflictException({ message: 'conflict', requestID: 'req_1' }))).toMatchObject({
      code: 'WORKOS_BAD_REQUEST', retriable: false, context: { status: 409, requestId: 'req_1' },
    });
  });

  it('a redirect (the SDK does not follow them) points at the host settings', () => {
    const message = 'WorkOS API responded with a redirect (301 to https://api.workos.com/events). Redirects are not followed; check the apiHostname, port and https options.';
    const err = classify(new GenericServerException(301, message, { message }, ''));
    expect(err).toMatchObject({ code: 'WORKOS_BAD_REQUEST', retriable: false, context: { status: 301 } });
    expect(err.message).toMatch(/redirect \(301\).*WORKOS_API_HTTPS/);
  });

  it('a non-JSON 4xx page means a wrong host or an auth proxy: fatal', () => {
    expect(classify(new Error('Unexpected error: ParseError', { cause: parseError(404) }))).toMatchObject({ code: 'WORKOS_BAD_REQUEST', retriable: false });
    expect(classify(new Error('Unexpected error: ParseError', { cause: parseError(401) }))).toMatchObject({ code: 'WORKOS_AUTH_FAILED', retriable: false });
  });

  it('an error no rule knows is fatal, so a human looks at it', () => {
    expect(classify(new Error('something else'))).toMatchObject({ code: 'WORKOS_UNEXPECTED', retriable: false });
    expect(classify('a string')).toMatchObject({ code: 'WORKOS_UNEXPECTED', message: 'Unexpected error from the WorkOS client: a string' });
  });
});

describe('classifyWorkosError: misc', () => {
  it('passes an already classified error through unchanged', () => {
    const once = classify(new UnauthorizedException(''));
    expect(classify(once)).toBe(once);
    expect(once).toBeInstanceOf(ConnectorError);
  });

  it('recognises SDK classes by name too (a second copy of the SDK)', () => {
    const foreign = Object.assign(new Error('Too many'), { name: 'RateLimitExceededException', status: 429, retryAfter: 2 });
    expect(classify(foreign)).toMatchObject({ code: 'WORKOS_RATE_LIMITED', context: { retryAfterMs: 2_000 } });
  });

  it('an abort during shutdown is not retried', () => {
    expect(classify(new DOMException('This operation was aborted', 'AbortError'))).toMatchObject({ code: 'ABORTED', retriable: false });
  });
});

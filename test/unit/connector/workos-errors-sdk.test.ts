import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkOS } from '@workos-inc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newWorkosClient } from '../../../connector/workos-client.js';
import { classifyWorkosError } from '../../../connector/workos-errors.js';

/**
 * What the real SDK 12.3.0 throws for each server answer, classified. A loopback HTTP server
 * plays WorkOS; the path of the request picks the answer and every request is counted, so a
 * retry by the SDK itself would show.
 */
const FAR_DATE = 'Wed, 21 Oct 2099 07:28:00 GMT';
const json = { 'Content-Type': 'application/json' };
const answers: Record<string, (res: ServerResponse) => void> = {
  rate: (res) => res.writeHead(429, { ...json, 'Retry-After': '3', 'X-Request-ID': 'req_rate' }).end('{"message":"Too many requests"}'),
  rateDate: (res) => res.writeHead(429, { ...json, 'Retry-After': FAR_DATE }).end('{"message":"slow"}'),
  unauthorized: (res) => res.writeHead(401, json).end('{"message":"Unauthorized"}'),
  forbidden: (res) => res.writeHead(403, json).end('{"message":"Forbidden"}'),
  notFound: (res) => res.writeHead(404, json).end('{"message":"Not Found"}'),
  unprocessable: (res) =>
    res.writeHead(422, json).end('{"message":"Validation failed","code":"invalid_request_parameters","errors":[{"field":"limit","code":"limit_out_of_range"}]}'),
  badEvents: (res) => res.writeHead(400, json).end('{"code":"invalid_events_request","message":"Invalid name parameter, received: \'x\'."}'),
  redirect: (res) => res.writeHead(301, { Location: 'https://api.workos.com/events' }).end(),
  html403: (res) => res.writeHead(403, { 'Content-Type': 'text/html' }).end('<html><body>Forbidden</body></html>'),
  html502: (res) => res.writeHead(502, { 'Content-Type': 'text/html', 'X-Request-ID': 'req_502' }).end('<html><body>Bad Gateway</body></html>'),
  json500: (res) => res.writeHead(500, json).end('{"message":"Internal"}'),
  json408: (res) => res.writeHead(408, json).end('{"message":"Request Timeout"}'),
  notJson200: (res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'),
  truncated200: (res) => res.writeHead(200, json).end('{"object":"list","data":[{"id":'),
  reset: (res) => res.socket?.destroy(),
  hang: () => undefined,
};

let server: Server;
let port: number;
const hanging: ServerResponse[] = [];
const hits = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const key = (req.url ?? '').split('?')[0]?.replace('/events/', '') ?? '';
    hits.set(key, (hits.get(key) ?? 0) + 1);
    if (key === 'hang') hanging.push(res);
    answers[key]?.(res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const res of hanging) res.destroy();
  await new Promise((resolve) => server.close(resolve));
});

interface FailureOptions {
  readonly port?: number;
  readonly timeout?: number;
  /** The connector's client (`newWorkosClient`) instead of the bare SDK with retries off. */
  readonly connectorClient?: boolean;
}

function clientFor(options: FailureOptions): WorkOS {
  const at = { apiHostname: '127.0.0.1', https: false, port: options.port ?? port };
  const timeout = options.timeout ?? 5_000;
  return options.connectorClient
    ? newWorkosClient({ apiKey: 'sk_test_123', ...at, timeoutMs: timeout })
    : new WorkOS('sk_test_123', { ...at, timeout, maxRetries: 0 });
}

async function failureFor(path: string, options: FailureOptions = {}) {
  hits.delete(path);
  try {
    await clientFor(options).get(`/events/${path}`, { query: { events: 'user.created' } });
  } catch (err) {
    if (options.port === undefined) expect(hits.get(path), `requests for ${path}`).toBe(1);
    return classifyWorkosError(err);
  }
  throw new Error(`expected /events/${path} to fail`);
}

describe('classifyWorkosError against what SDK 12.3.0 really throws', () => {
  it('429 with Retry-After seconds, keeping the request id', async () => {
    expect(await failureFor('rate')).toMatchObject({
      code: 'WORKOS_RATE_LIMITED', retriable: true, context: { status: 429, retryAfterMs: 3_000, requestId: 'req_rate' },
    });
  });

  it('429 with an HTTP-date Retry-After: NaN from the bare SDK, the wait until the date through the connector client', async () => {
    const bare = await failureFor('rateDate');
    expect(bare).toMatchObject({ code: 'WORKOS_RATE_LIMITED', retriable: true });
    expect(bare.context.retryAfterMs).toBeUndefined();
    const viaConnector = await failureFor('rateDate', { connectorClient: true });
    expect(viaConnector).toMatchObject({ code: 'WORKOS_RATE_LIMITED', retriable: true });
    const untilDate = Date.parse(FAR_DATE) - Date.now();
    expect(viaConnector.context.retryAfterMs).toBeGreaterThanOrEqual(untilDate - 2_000);
    expect(viaConnector.context.retryAfterMs).toBeLessThanOrEqual(untilDate + 2_000);
  });

  it('401, 403, 404, 422, 400 invalid_events_request and a redirect: fatal, naming the cause', async () => {
    const unauthorized = await failureFor('unauthorized');
    expect(unauthorized).toMatchObject({ code: 'WORKOS_AUTH_FAILED', retriable: false, context: { status: 401 } });
    expect(unauthorized.message).toMatch(/WORKOS_API_KEY/);
    const forbidden = await failureFor('forbidden');
    expect(forbidden).toMatchObject({ code: 'WORKOS_AUTH_FAILED', retriable: false, context: { status: 403 } });
    expect(forbidden.message).toMatch(/Events read permission/);
    const notFound = await failureFor('notFound');
    expect(notFound).toMatchObject({ code: 'WORKOS_BAD_REQUEST', retriable: false, context: { status: 404 } });
    expect(notFound.message).toMatch(/WORKOS_API_HOSTNAME/);
    const unprocessable = await failureFor('unprocessable');
    expect(unprocessable).toMatchObject({ code: 'WORKOS_BAD_REQUEST', retriable: false, context: { status: 422, workosCode: 'invalid_request_parameters' } });
    expect(unprocessable.message).toMatch(/limit_out_of_range/);
    const badEvents = await failureFor('badEvents');
    expect(badEvents).toMatchObject({ code: 'WORKOS_BAD_REQUEST', retriable: false, context: { status: 400, workosCode: 'invalid_events_request' } });
    expect(badEvents.message).toMatch(/event types/);
    const redirect = await failureFor('redirect');
    expect(redirect).toMatchObject({ code: 'WORKOS_BAD_REQUEST', retriable: false, context: { status: 301 } });
    expect(redirect.message).toMatch(/redirect.*WORKOS_API_HTTPS/);
    expect(await failureFor('html403')).toMatchObject({ code: 'WORKOS_AUTH_FAILED', retriable: false, context: { status: 403 } });
  });

  it('HTML 502, JSON 500, JSON 408, 200 with truncated JSON: retriable', async () => {
    expect(await failureFor('html502')).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true, context: { status: 502, requestId: 'req_502' } });
    expect(await failureFor('json500')).toMatchObject({ code: 'WORKOS_SERVER_ERROR', retriable: true, context: { status: 500 } });
    expect(await failureFor('json408')).toMatchObject({ code: 'WORKOS_TIMEOUT', retriable: true, context: { status: 408 } });
    expect(await failureFor('truncated200')).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true });
  });

  it('a 200 without a JSON content type does not throw from raw get(): data is null', async () => {
    // Only the typed listEvents throws here (TypeError reading .data); raw get() callers must check.
    const response = await clientFor({}).get('/events/notJson200', { query: {} });
    expect(response.data).toBeNull();
    expect(classifyWorkosError(new TypeError('WorkOS answered 200 without a data array'))).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true });
  });

  it('client timeout, reset and refused connection: retriable', async () => {
    expect(await failureFor('hang', { timeout: 50 })).toMatchObject({ code: 'WORKOS_TIMEOUT', retriable: true, context: { status: 408 } });
    expect(await failureFor('reset')).toMatchObject({ code: 'WORKOS_NETWORK_ERROR', retriable: true });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await failureFor('any', { port: closedPort })).toMatchObject({ code: 'WORKOS_NETWORK_ERROR', retriable: true, context: { errno: 'ECONNREFUSED' } });
  });
});

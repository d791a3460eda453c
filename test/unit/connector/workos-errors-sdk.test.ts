import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WorkOS } from '@workos-inc/node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyWorkosError } from '../../../connector/workos-errors.js';

/**
 * What the real SDK 8.13.0 throws for each server answer, classified. A loopback HTTP server
 * plays WorkOS; the path of the request picks the answer.
 */
const answers: Record<string, (res: ServerResponse) => void> = {
  rate: (res) => res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': '3' }).end('{"message":"Too many requests"}'),
  rateDate: (res) => res.writeHead(429, { 'Content-Type': 'application/json', 'Retry-After': 'Wed, 21 Oct 2099 07:28:00 GMT' }).end('{"message":"slow"}'),
  unauthorized: (res) => res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"message":"Unauthorized"}'),
  badEvents: (res) =>
    res.writeHead(400, { 'Content-Type': 'application/json' }).end('{"code":"invalid_events_request","message":"Invalid name parameter, received: \'x\'."}'),
  html502: (res) => res.writeHead(502, { 'Content-Type': 'text/html' }).end('<html><body>Bad Gateway</body></html>'),
  json500: (res) => res.writeHead(500, { 'Content-Type': 'application/json' }).end('{"message":"Internal"}'),
  notJson200: (res) => res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok'),
  truncated200: (res) => res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"object":"list","data":[{"id":'),
  hang: () => undefined,
};

let server: Server;
let port: number;
const hanging: ServerResponse[] = [];

beforeAll(async () => {
  server = createServer((req, res) => {
    const key = (req.url ?? '').split('?')[0]?.replace('/events/', '') ?? '';
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

async function failureFor(path: string, options: { port?: number; timeout?: number } = {}) {
  const workos = new WorkOS('sk_test_123', { apiHostname: '127.0.0.1', https: false, port: options.port ?? port, timeout: options.timeout ?? 5_000 });
  try {
    await workos.get(`/events/${path}`, { query: { events: 'user.created' } });
  } catch (err) {
    return classifyWorkosError(err);
  }
  throw new Error(`expected /events/${path} to fail`);
}

describe('classifyWorkosError against what SDK 8.13.0 really throws', () => {
  it('429 with Retry-After seconds', async () => {
    expect(await failureFor('rate')).toMatchObject({ code: 'WORKOS_RATE_LIMITED', retriable: true, context: { status: 429, retryAfterMs: 3_000 } });
  });

  it('429 with an HTTP-date Retry-After (the SDK turns it into NaN)', async () => {
    const err = await failureFor('rateDate');
    expect(err).toMatchObject({ code: 'WORKOS_RATE_LIMITED', retriable: true });
    expect(err.context.retryAfterMs).toBeUndefined();
  });

  it('401, 400 invalid_events_request: fatal', async () => {
    expect(await failureFor('unauthorized')).toMatchObject({ code: 'WORKOS_AUTH_FAILED', retriable: false });
    expect(await failureFor('badEvents')).toMatchObject({ code: 'WORKOS_BAD_REQUEST', retriable: false, context: { workosCode: 'invalid_events_request' } });
  });

  it('HTML 502, JSON 500, 200 with truncated JSON: retriable', async () => {
    expect(await failureFor('html502')).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true, context: { status: 502 } });
    expect(await failureFor('json500')).toMatchObject({ code: 'WORKOS_SERVER_ERROR', retriable: true });
    expect(await failureFor('truncated200')).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true });
  });

  it('a 200 without a JSON content type does not throw from raw get(): data is null', async () => {
    // Only the typed listEvents throws here (TypeError reading .data); raw get() callers must check.
    const workos = new WorkOS('sk_test_123', { apiHostname: '127.0.0.1', https: false, port });
    const response = await workos.get('/events/notJson200', { query: {} });
    expect(response.data).toBeNull();
    expect(classifyWorkosError(new TypeError('WorkOS answered 200 without a data array'))).toMatchObject({ code: 'WORKOS_BAD_RESPONSE', retriable: true });
  });

  it('client timeout and refused connection: retriable', async () => {
    expect(await failureFor('hang', { timeout: 50 })).toMatchObject({ code: 'WORKOS_TIMEOUT', retriable: true, context: { status: 408 } });
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await failureFor('any', { port: closedPort })).toMatchObject({ code: 'WORKOS_NETWORK_ERROR', retriable: true, context: { errno: 'ECONNREFUSED' } });
  });
});

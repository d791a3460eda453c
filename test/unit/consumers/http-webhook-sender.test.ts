import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpWebhookSender } from '../../../consumers/notifier/senders/http-webhook-sender.js';
import { createRecordingSender } from '../../../consumers/notifier/senders/recording-sender.js';
import type { EffectRequest } from '../../../consumers/notifier/senders/effect-sender.js';

const request: EffectRequest = {
  effect: 'deprovision-call',
  eventId: 'event_1',
  eventType: 'dsync.user.deleted',
  idempotencyKey: 'deprovision-call:event_1',
  payload: { directoryUserId: 'directory_user_1' },
  attempt: 1,
};

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  server = undefined;
});

/** A real local HTTP server answering with `respond`; returns its URL and what it received. */
async function receiver(respond: (req: IncomingMessage, body: string) => { status: number; delayMs?: number; headers?: Record<string, string> }) {
  const received: Array<{ headers: IncomingMessage['headers']; body: unknown }> = [];
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(body) });
      const answer = respond(req, body);
      setTimeout(() => res.writeHead(answer.status, answer.headers).end('{}'), answer.delayMs ?? 0);
    });
  });
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server!.address() as AddressInfo).port}/deprovision`, received };
}

describe('createHttpWebhookSender', () => {
  it('POSTs the effect as JSON with the idempotency key header', async () => {
    const { url, received } = await receiver(() => ({ status: 204 }));
    await createHttpWebhookSender({ url, headers: { authorization: 'Bearer internal' } }).send(request);
    expect(received).toHaveLength(1);
    expect(received[0]?.headers).toMatchObject({
      'content-type': 'application/json',
      'idempotency-key': 'deprovision-call:event_1',
      'x-workos-event-id': 'event_1',
      authorization: 'Bearer internal',
    });
    expect(received[0]?.body).toEqual({
      effect: 'deprovision-call',
      eventId: 'event_1',
      eventType: 'dsync.user.deleted',
      idempotencyKey: 'deprovision-call:event_1',
      payload: { directoryUserId: 'directory_user_1' },
    });
  });

  it('classifies 5xx and 429 as retriable (with Retry-After) and other 4xx as final', async () => {
    let status = 503;
    const retryAfter: Record<string, string> = { 'retry-after': '2' };
    const { url } = await receiver(() => ({ status, headers: status === 429 ? retryAfter : {} }));
    const sender = createHttpWebhookSender({ url });
    await expect(sender.send(request)).rejects.toMatchObject({ code: 'HANDLER_FAILED', retriable: true, context: { status: 503 } });
    status = 429;
    await expect(sender.send(request)).rejects.toMatchObject({ retriable: true, context: { status: 429, retryAfterMs: 2_000 } });
    status = 400;
    await expect(sender.send(request)).rejects.toMatchObject({ retriable: false, context: { status: 400 } });
  });

  it('times out a slow receiver as a retriable failure', async () => {
    const { url } = await receiver(() => ({ status: 200, delayMs: 1_000 }));
    const started = Date.now();
    await expect(createHttpWebhookSender({ url, timeoutMs: 100 }).send(request)).rejects.toMatchObject({ retriable: true, message: /timed out after 100 ms/ });
    expect(Date.now() - started).toBeLessThan(900);
  });

  it('rejects non-http URLs up front', () => {
    expect(() => createHttpWebhookSender({ url: 'file:///etc/passwd' })).toThrowError(/http/);
  });
});

describe('createRecordingSender', () => {
  it('records successes and every attempt, failing on demand', async () => {
    const sender = createRecordingSender();
    sender.failNext(1);
    await expect(sender.send(request)).rejects.toThrowError(/injected/);
    await sender.send({ ...request, attempt: 2 });
    expect(sender.attempts.map((a) => a.attempt)).toEqual([1, 2]);
    expect(sender.sent.map((a) => a.attempt)).toEqual([2]);
  });
});

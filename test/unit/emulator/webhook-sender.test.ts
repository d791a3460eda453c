import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EventStore } from '../../../emulator/event-store.js';
import { signWebhook } from '../../../emulator/webhooks/sign-webhook.js';
import { startWebhookSender } from '../../../emulator/webhooks/webhook-sender.js';

interface Received {
  body: string;
  signature: string;
  at: number;
}
let server: Server | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

async function receiver(): Promise<{ url: string; received: Received[] }> {
  const received: Received[] = [];
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk: Buffer) => (body += chunk.toString()));
    request.on('end', () => {
      received.push({ body, signature: String(request.headers['workos-signature']), at: Date.now() });
      response.end('ok');
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhooks/workos`, received };
}

const append = (store: EventStore, n: number): void => {
  for (let i = 0; i < n; i += 1) store.append({ event: 'user.created', data: { object: 'user', id: `user_${i}` } });
};

describe('emulator webhook sender', () => {
  it('POSTs each appended event once, signed over t.body', async () => {
    const { url, received } = await receiver();
    const store = new EventStore();
    append(store, 1);
    const sender = startWebhookSender(store, { url, secret: 's3cret' });
    append(store, 5);
    await sender.stop();
    expect(received).toHaveLength(5);
    expect(sender.counts).toMatchObject({ events: 5, sent: 5, answered2xx: 5, lost: 0, failed: 0 });
    const ids = received.map((r) => (JSON.parse(r.body) as { id: string }).id);
    expect(ids).toEqual(store.all().slice(1).map((e) => e.id));
    for (const r of received) {
      const t = Number(/t=(\d+)/.exec(r.signature)?.[1]);
      expect(r.signature).toBe(signWebhook(r.body, 's3cret', t));
    }
  });

  it('loses and duplicates deliveries with the given probabilities, after the delay', async () => {
    const { url, received } = await receiver();
    const store = new EventStore();
    const sender = startWebhookSender(store, { url, secret: 's', lossProbability: 0.3, duplicateProbability: 0.2, delayMs: 50, seed: 7 });
    const appendedAt = Date.now();
    append(store, 200);
    await new Promise((resolve) => setTimeout(resolve, 400));
    await sender.stop();
    const { lost, duplicates, sent } = sender.counts;
    expect(lost).toBeGreaterThan(35);
    expect(lost).toBeLessThan(85);
    expect(duplicates).toBeGreaterThan(10);
    expect(sent).toBe(200 - lost + duplicates);
    expect(received).toHaveLength(sent);
    expect(Math.min(...received.map((r) => r.at)) - appendedAt).toBeGreaterThanOrEqual(45);
  });

  it('delivers every event to each endpoint, each delivery lost or duplicated on its own', async () => {
    const first = await receiver();
    const second = await receiver();
    const store = new EventStore();
    const sender = startWebhookSender(store, { url: [first.url, second.url], secret: 's', lossProbability: 0.2, duplicateProbability: 0.1, seed: 11 });
    append(store, 100);
    await sender.stop();
    const { events, endpoints, lost, duplicates, sent } = sender.counts;
    expect({ events, endpoints }).toEqual({ events: 100, endpoints: 2 });
    expect(sent).toBe(2 * 100 - lost + duplicates);
    expect(first.received.length + second.received.length).toBe(sent);
    // Independent losses: some event reached one endpoint and not the other.
    const idsOf = (list: { body: string }[]): Set<string> => new Set(list.map((r) => (JSON.parse(r.body) as { id: string }).id));
    const [a, b] = [idsOf(first.received), idsOf(second.received)];
    expect([...a].some((id) => !b.has(id)) || [...b].some((id) => !a.has(id))).toBe(true);
  });
});

import { WorkOS } from '@workos-inc/node';
import { afterEach, describe, expect, it } from 'vitest';
import { Doorbell } from '../../../../connector/doorbell/doorbell.js';
import { startWebhookEndpoint, type WebhookEndpoint } from '../../../../connector/doorbell/webhook-endpoint.js';
import { createLogger } from '../../../../core/logger.js';
import { signWebhook } from '../../../../emulator/webhooks/sign-webhook.js';
import { postWebhook } from '../../../../emulator/webhooks/webhook-sender.js';

const secret = 'whsec_unit';
const body = JSON.stringify({ id: 'event_01', event: 'user.created', data: { id: 'user_01' }, created_at: new Date().toISOString() });
let endpoint: WebhookEndpoint | undefined;
afterEach(async () => {
  await endpoint?.close();
  endpoint = undefined;
});

async function start(): Promise<{ endpoint: WebhookEndpoint; bell: Doorbell }> {
  const bell = new Doorbell({ minIntervalMs: 1 });
  endpoint = await startWebhookEndpoint({
    host: '127.0.0.1',
    port: 0,
    secret,
    workos: new WorkOS('sk_test_unit'),
    onVerified: () => bell.ring(),
    logger: createLogger({ level: 'silent', pretty: false }),
  });
  return { endpoint, bell };
}

describe('webhook doorbell endpoint', () => {
  it('answers 200 to a webhook signed with the secret and rings', async () => {
    const { endpoint, bell } = await start();
    expect(await postWebhook(endpoint.url, body, secret)).toBe(200);
    expect(bell.rings).toBe(1);
    expect(bell.ringing).toBe(true);
    expect(endpoint.counts).toEqual({ verified: 1, rejected: 0 });
  });

  it('answers 401 and rings nothing for a wrong secret, a tampered body, a stale or missing signature', async () => {
    const { endpoint, bell } = await start();
    expect(await postWebhook(endpoint.url, body, 'whsec_wrong')).toBe(401);
    const tampered = await fetch(endpoint.url, { method: 'POST', headers: { 'WorkOS-Signature': signWebhook(body, secret, Date.now()) }, body: body.replace('user_01', 'user_02') });
    expect(tampered.status).toBe(401);
    expect(await postWebhook(endpoint.url, body, secret, Date.now() - 600_000)).toBe(401);
    const unsigned = await fetch(endpoint.url, { method: 'POST', body });
    expect(unsigned.status).toBe(401);
    expect(bell.rings).toBe(0);
    expect(endpoint.counts).toEqual({ verified: 0, rejected: 4 });
  });

  it('answers 404 elsewhere and 405 to other methods', async () => {
    const { endpoint, bell } = await start();
    expect((await fetch(endpoint.url.replace('/webhooks/workos', '/other'), { method: 'POST', body })).status).toBe(404);
    expect((await fetch(endpoint.url)).status).toBe(405);
    expect(bell.rings).toBe(0);
  });
});

describe('doorbell settings', () => {
  const base = { WORKOS_API_KEY: 'sk_test_x', KAFKA_BROKERS: '127.0.0.1:9092' };
  it('refuses WEBHOOK_DOORBELL_PORT without WEBHOOK_SECRET as a configuration error naming it', async () => {
    const { loadConnectorRoleConfig } = await import('../../../../connector/run-connector.js');
    expect(() => loadConnectorRoleConfig({ ...base, WEBHOOK_DOORBELL_PORT: '8080' })).toThrow(/WEBHOOK_SECRET/);
    const config = loadConnectorRoleConfig({ ...base, WEBHOOK_DOORBELL_PORT: '8080', WEBHOOK_SECRET: 'whsec_x' });
    expect(config.POLL_INTERVAL_WITH_DOORBELL_MS).toBe(60_000);
    expect(config.POLL_MIN_INTERVAL_WITH_DOORBELL_MS).toBe(200);
    expect(loadConnectorRoleConfig(base).WEBHOOK_DOORBELL_PORT).toBe(0);
  });
});

/**
 * The emulator signs webhooks exactly as WorkOS does: the real SDK (`@workos-inc/node`, the
 * version the connector uses) accepts its signature and refuses a tampered one.
 */
import { WorkOS } from '@workos-inc/node';
import { describe, expect, it } from 'vitest';
import { signWebhook } from '../../emulator/webhooks/sign-webhook.js';
import { webhookBody } from '../../emulator/webhooks/webhook-sender.js';
import type { WorkosEvent } from '../../emulator/event-types.js';

const workos = new WorkOS('sk_test_contract');
const secret = 'whsec_contract_test';
const event: WorkosEvent = {
  object: 'event',
  id: 'event_01JABCDEFGHJKMNPQRSTVWXYZ0',
  event: 'organization.created',
  data: { object: 'organization', id: 'org_01JABCDEFGHJKMNPQRSTVWXYZ0', name: 'Foo Corp', domains: [] },
  created_at: '2026-12-02T08:00:00.000Z',
};

describe('emulator webhook signature vs the WorkOS SDK', () => {
  it('constructEvent accepts the emulator signature and returns the event', async () => {
    const payload = webhookBody(event);
    const sigHeader = signWebhook(payload, secret, Date.now());
    expect(sigHeader).toMatch(/^t=\d{13}, v1=[0-9a-f]{64}$/);
    await expect(workos.webhooks.verifyHeader({ payload, sigHeader, secret })).resolves.toBe(true);
    const constructed = await workos.webhooks.constructEvent({ payload, sigHeader, secret });
    expect(constructed.id).toBe(event.id);
    expect(constructed.event).toBe(event.event);
  });

  it.each([
    ['a tampered body', (payload: string, header: string) => ({ payload: payload.replace('Foo Corp', 'Evil Corp'), sigHeader: header, secret })],
    ['another secret', (payload: string, header: string) => ({ payload, sigHeader: header, secret: 'whsec_other' })],
    ['a tampered signature', (payload: string, header: string) => ({ payload, sigHeader: header.replace(/v1=(.)/, (_m, c: string) => `v1=${c === '0' ? '1' : '0'}`), secret })],
    ['a tampered timestamp', (payload: string, header: string) => ({ payload, sigHeader: header.replace(/t=(\d+)/, (_m, t: string) => `t=${Number(t) + 1}`), secret })],
  ])('verifyHeader refuses %s', async (_name, tamper) => {
    const payload = webhookBody(event);
    const options = tamper(payload, signWebhook(payload, secret, Date.now()));
    await expect(workos.webhooks.verifyHeader(options)).rejects.toThrow(/Signature hash does not match/);
  });

  it('refuses a signature older than the tolerance (a replayed webhook)', async () => {
    const payload = webhookBody(event);
    const sigHeader = signWebhook(payload, secret, Date.now() - 181_000);
    await expect(workos.webhooks.verifyHeader({ payload, sigHeader, secret })).rejects.toThrow(/tolerance/);
  });
});

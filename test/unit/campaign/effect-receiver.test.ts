/**
 * The fault campaign's receiving end: it decides "0 lost, 0 twice", so its counting is checked
 * here with real HTTP calls.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startEffectReceiver, type EffectReceiver } from '../../../campaign/effect-receiver.js';

let receiver: EffectReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

async function post(path: string, key: string | undefined, body: unknown): Promise<number> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (key !== undefined) headers['idempotency-key'] = key;
  const response = await fetch(`${receiver?.url}${path}`, { method: 'POST', headers, body: JSON.stringify(body) });
  return response.status;
}

describe('campaign effect receiver', () => {
  it('counts accepted deliveries by idempotency key, repeats included', async () => {
    receiver = await startEffectReceiver();
    expect(await post('/welcome-message', 'welcome-message:event_1', { idempotencyKey: 'welcome-message:event_1' })).toBe(204);
    expect(await post('/welcome-message', 'welcome-message:event_1', { idempotencyKey: 'welcome-message:event_1' })).toBe(204);
    expect(await post('/deprovision-call', 'deprovision-call:event_2', { idempotencyKey: 'deprovision-call:event_2' })).toBe(204);
    expect([...receiver.deliveries]).toEqual([
      ['welcome-message:event_1', 2],
      ['deprovision-call:event_2', 1],
    ]);
    expect(receiver.malformed).toBe(0);
    expect(receiver.misrouted).toBe(0);
  });

  it('refuses a call whose header and body keys disagree or that has no key, and counts a misrouted one', async () => {
    receiver = await startEffectReceiver();
    expect(await post('/welcome-message', 'welcome-message:event_1', { idempotencyKey: 'welcome-message:event_9' })).toBe(400);
    expect(await post('/welcome-message', undefined, { idempotencyKey: 'welcome-message:event_1' })).toBe(400);
    expect(await post('/welcome-message', 'welcome-message:event_3', 'not an object')).toBe(400);
    expect(receiver.malformed).toBe(3);
    expect(await post('/deprovision-call', 'welcome-message:event_4', { idempotencyKey: 'welcome-message:event_4' })).toBe(204);
    expect(receiver.misrouted).toBe(1);
    expect(receiver.deliveries.get('welcome-message:event_4')).toBe(1);
  });
});

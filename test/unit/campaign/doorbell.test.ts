/**
 * The campaign turns the doorbell on with settings the connector accepts, one port per replica,
 * and reports what its webhooks did.
 */
import { describe, expect, it } from 'vitest';
import { CAMPAIGN_DOORBELL, doorbellEnvFor, doorbellReport, planDoorbell } from '../../../campaign/doorbell.js';
import { loadConnectorRoleConfig } from '../../../connector/run-connector.js';
import type { WebhookSender } from '../../../emulator/webhooks/webhook-sender.js';

describe('campaign doorbell', () => {
  it('gives each replica its own port and settings the connector accepts', async () => {
    const doorbell = await planDoorbell();
    expect(new Set(doorbell.ports).size).toBe(2);
    expect(doorbell.urls).toEqual(doorbell.ports.map((port) => `http://127.0.0.1:${port}/webhooks/workos`));
    const config = loadConnectorRoleConfig({ WORKOS_API_KEY: 'sk_test_x', KAFKA_BROKERS: '127.0.0.1:9092', ...doorbellEnvFor(doorbell.ports[1]) });
    expect(config.WEBHOOK_DOORBELL_PORT).toBe(doorbell.ports[1]);
    expect(config.POLL_INTERVAL_WITH_DOORBELL_MS).toBe(CAMPAIGN_DOORBELL.fallbackPollMs);
  });

  it('reports the doorbell on, with a copy of the sender counts', () => {
    const counts = { events: 10, endpoints: 2, lost: 2, sent: 19, duplicates: 1, answered2xx: 17, answeredOther: 0, failed: 2 };
    const report = doorbellReport({ counts, stop: async () => undefined } as WebhookSender);
    counts.sent = 0;
    expect(report).toMatchObject({ on: true, replicas: 2, webhooks: { sent: 19, lost: 2, duplicates: 1 } });
  });
});

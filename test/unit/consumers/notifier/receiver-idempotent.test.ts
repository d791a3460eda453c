/**
 * What each sender declares about its receiver, the setting that changes it for the HTTP sender,
 * and the ledger gauge that shows effects in doubt or failed.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadNotifierRoleConfig } from '../../../../consumers/notifier/run-notifier.js';
import { inDoubtAfterMs, sendersFromSettings } from '../../../../consumers/notifier/senders/configured-senders.js';
import { createHttpWebhookSender } from '../../../../consumers/notifier/senders/http-webhook-sender.js';
import { createRecordingSender } from '../../../../consumers/notifier/senders/recording-sender.js';
import { observeEffectLedger } from '../../../../core/metrics/effect-metrics.js';
import { createMetricsRegistry } from '../../../../core/metrics/registry.js';
import { parseSamples, samplesOf, valueOf } from '../../metrics/prom-text.js';

const logger = pino({ level: 'silent' });

describe('receiver idempotency', () => {
  it('is declared by every sender: HTTP yes unless told otherwise, the test recorder no unless told', () => {
    expect(createHttpWebhookSender({ url: 'http://127.0.0.1:1/x' }).receiverIdempotent).toBe(true);
    expect(createHttpWebhookSender({ url: 'http://127.0.0.1:1/x', receiverIdempotent: false }).receiverIdempotent).toBe(false);
    expect(createRecordingSender().receiverIdempotent).toBe(false);
    expect(createRecordingSender({ receiverIdempotent: true }).receiverIdempotent).toBe(true);
  });

  it('comes from NOTIFIER_RECEIVER_IDEMPOTENT, default true, for the HTTP senders; the log needs no dedupe', () => {
    const config = (values: Record<string, string>) => loadNotifierRoleConfig({ KAFKA_BROKERS: 'k:9092', ...values });
    expect(config({}).NOTIFIER_RECEIVER_IDEMPOTENT).toBe(true);
    const http = sendersFromSettings(config({ NOTIFIER_WELCOME_URL: 'http://mail/hook', NOTIFIER_DEPROVISION_URL: 'http://idp/hook' }), logger);
    expect([http['welcome-message'].kind, http['welcome-message'].receiverIdempotent, http['deprovision-call'].receiverIdempotent]).toEqual(['http', true, true]);
    const plain = sendersFromSettings(config({ NOTIFIER_DEPROVISION_URL: 'http://idp/hook', NOTIFIER_RECEIVER_IDEMPOTENT: 'false' }), logger);
    expect([plain['deprovision-call'].kind, plain['deprovision-call'].receiverIdempotent]).toEqual(['http', false]);
    expect([plain['welcome-message'].kind, plain['welcome-message'].receiverIdempotent]).toEqual(['logging', true]);
    expect(() => config({ NOTIFIER_RECEIVER_IDEMPOTENT: 'maybe' })).toThrow(/NOTIFIER_RECEIVER_IDEMPOTENT: must be true or false/);
  });

  it('counts a claim as in doubt only past one effect’s whole retry budget, and never before 5 minutes', () => {
    const settings = { NOTIFIER_RECEIVER_IDEMPOTENT: true, NOTIFIER_HTTP_TIMEOUT_MS: 5_000, NOTIFIER_MAX_ATTEMPTS: 5, NOTIFIER_RETRY_INITIAL_MS: 500 };
    expect(inDoubtAfterMs(settings)).toBe(300_000);
    expect(inDoubtAfterMs({ ...settings, NOTIFIER_HTTP_TIMEOUT_MS: 60_000, NOTIFIER_MAX_ATTEMPTS: 10 })).toBe(10 * (60_000 + 10_000));
  });
});

describe('notifier ledger gauge', () => {
  it('shows in-doubt and failed rows at scrape time, counted at most once per cache period', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    let reads = 0;
    const counts = { inDoubt: 2, failed: 1 };
    observeEffectLedger(registry, {
      read: async () => {
        reads += 1;
        return counts;
      },
      logger,
      cacheMs: 60_000,
    });
    const samples = parseSamples(await registry.metrics());
    expect(valueOf(samples, 'workos_kafka_notifier_ledger_effects', { state: 'in-doubt' })).toBe(2);
    expect(valueOf(samples, 'workos_kafka_notifier_ledger_effects', { state: 'failed' })).toBe(1);
    await Promise.all([registry.metrics(), registry.metrics()]);
    expect(reads).toBe(1);
  });

  it('is absent, not stale, when the ledger cannot be counted', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    let fail = false;
    observeEffectLedger(registry, {
      read: async () => {
        if (fail) throw new Error('database is down');
        return { inDoubt: 3, failed: 0 };
      },
      logger,
      cacheMs: 0,
    });
    expect(valueOf(parseSamples(await registry.metrics()), 'workos_kafka_notifier_ledger_effects', { state: 'in-doubt' })).toBe(3);
    fail = true;
    expect(samplesOf(parseSamples(await registry.metrics()), 'workos_kafka_notifier_ledger_effects')).toEqual([]);
  });
});

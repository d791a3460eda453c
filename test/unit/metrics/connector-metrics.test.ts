import { describe, expect, it } from 'vitest';
import { createConnectorMetrics } from '../../../core/metrics/connector-metrics.js';
import { createMetricsRegistry } from '../../../core/metrics/registry.js';
import { parseSamples, valueOf } from './prom-text.js';

const P = 'workos_kafka_connector_';

async function scrape(registry: ReturnType<typeof createMetricsRegistry>) {
  return parseSamples(await registry.metrics());
}

describe('connector metrics', () => {
  it('counts requests by status, retry waits by code, and commits with their latency', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const metrics = createConnectorMetrics(registry);
    metrics.onRequest({ status: 200, durationMs: 40 });
    metrics.onRequest({ status: 200, durationMs: 60 });
    metrics.onRequest({ status: 429, durationMs: 5 });
    metrics.onRequest({ status: 'network', durationMs: 3_000 });
    metrics.onRetryWait({ attempt: 1, delayMs: 1_500, code: 'WORKOS_RATE_LIMITED' });
    metrics.onRetryWait({ attempt: 2, delayMs: 500, code: 'WORKOS_RATE_LIMITED' });
    metrics.onCommitted({ events: 0, durationMs: 12 });
    metrics.onCommitted({ events: 100, durationMs: 30 });
    metrics.onCommitted({ events: 7, durationMs: 2_000 });

    const samples = await scrape(registry);
    expect(valueOf(samples, `${P}workos_requests_total`, { status: '200' })).toBe(2);
    expect(valueOf(samples, `${P}workos_requests_total`, { status: '429' })).toBe(1);
    expect(valueOf(samples, `${P}workos_requests_total`, { status: 'network' })).toBe(1);
    expect(valueOf(samples, `${P}workos_request_duration_seconds_count`)).toBe(4);
    expect(valueOf(samples, `${P}retry_waits_total`, { code: 'WORKOS_RATE_LIMITED' })).toBe(2);
    expect(valueOf(samples, `${P}retry_wait_seconds_total`, { code: 'WORKOS_RATE_LIMITED' })).toBeCloseTo(2);
    expect(valueOf(samples, `${P}events_published_total`)).toBe(107);
    expect(valueOf(samples, `${P}transactions_committed_total`)).toBe(3);
    expect(valueOf(samples, `${P}transaction_duration_seconds_count`)).toBe(3);
    expect(valueOf(samples, `${P}transaction_duration_seconds_sum`)).toBeCloseTo(2.042);
    expect(valueOf(samples, `${P}transaction_duration_seconds_bucket`, { le: '0.025' })).toBe(1);
  });

  it('reads seconds behind at scrape time, and leaves it absent before the first event', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const metrics = createConnectorMetrics(registry);
    let behind: number | null = null;
    metrics.observeLag('orders', { secondsBehind: () => behind });
    expect(valueOf(await scrape(registry), `${P}seconds_behind`)).toBeUndefined();
    behind = 12.5;
    expect(valueOf(await scrape(registry), `${P}seconds_behind`, { connector: 'orders' })).toBe(12.5);
    behind = 3;
    expect(valueOf(await scrape(registry), `${P}seconds_behind`, { connector: 'orders' })).toBe(3);
  });

  it('never throws on a negative duration (a clock step back)', () => {
    const metrics = createConnectorMetrics(createMetricsRegistry({ defaultMetrics: false }));
    expect(() => metrics.onRequest({ status: 200, durationMs: -5 })).not.toThrow();
    expect(() => metrics.onRetryWait({ attempt: 1, delayMs: -1, code: 'X' })).not.toThrow();
    expect(() => metrics.onCommitted({ events: 1, durationMs: -5 })).not.toThrow();
  });

  it('lists every series name in the text output, with default process metrics when asked', async () => {
    const registry = createMetricsRegistry();
    const metrics = createConnectorMetrics(registry);
    metrics.onRequest({ status: 200, durationMs: 1 });
    metrics.onRetryWait({ attempt: 1, delayMs: 1, code: 'WORKOS_SERVER_ERROR' });
    metrics.onCommitted({ events: 1, durationMs: 1 });
    const text = await registry.metrics();
    for (const name of [
      'events_published_total',
      'transactions_committed_total',
      'transaction_duration_seconds',
      'workos_requests_total',
      'workos_request_duration_seconds',
      'retry_waits_total',
      'retry_wait_seconds_total',
      'seconds_behind',
    ]) {
      expect(text).toContain(`# TYPE ${P}${name} `);
    }
    expect(text).toContain('process_cpu_seconds_total');
    expect(text).toContain('nodejs_eventloop_lag_seconds');
  });

  it('keeps registries apart, so several can live in one process', async () => {
    const a = createMetricsRegistry({ defaultMetrics: false });
    const b = createMetricsRegistry({ defaultMetrics: false });
    createConnectorMetrics(a).onCommitted({ events: 5, durationMs: 1 });
    createConnectorMetrics(b);
    expect(valueOf(await scrape(a), `${P}events_published_total`)).toBe(5);
    expect(valueOf(await scrape(b), `${P}events_published_total`)).toBe(0);
  });
});

import { pino } from 'pino';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HealthState } from '../../../core/metrics/health-state.js';
import { startMetricsServer } from '../../../core/metrics/metrics-server.js';
import { observeReadiness } from '../../../core/metrics/readiness-metrics.js';
import { createMetricsRegistry } from '../../../core/metrics/registry.js';
import { parseSamples, valueOf } from './prom-text.js';

describe('workos_kafka_ready', () => {
  it('follows /readyz at every scrape: 0 starting, 1 ready, 0 stopping and stopped', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const health = new HealthState();
    const server = await startMetricsServer({ registry, health, port: 0, logger: pino({ level: 'silent' }) });
    onTestFinished(() => server.close());
    const ready = async () => valueOf(parseSamples(await (await fetch(`${server.url}/metrics`)).text()), 'workos_kafka_ready');
    expect(await ready()).toBe(0);
    health.markReady();
    expect(await ready()).toBe(1);
    health.markNotReady('stopping');
    expect(await ready()).toBe(0);
    health.markReady();
    health.markStopped();
    expect(await ready()).toBe(0);
  });

  it('is registered once per registry; the first health state keeps reporting', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const first = new HealthState();
    first.markReady();
    observeReadiness(registry, first);
    observeReadiness(registry, new HealthState());
    expect(valueOf(parseSamples(await registry.metrics()), 'workos_kafka_ready')).toBe(1);
  });
});

/**
 * Which metric names exist: those the project's processes register (read from real registries,
 * so a renamed series fails here without a broker), those Prometheus adds itself, and the
 * recording rules'. The live counterpart, a scrape of running processes, is
 * `test/integration/ops/dashboard-series.test.ts`.
 */
import { Kafka, logLevel } from 'kafkajs';
import { pino } from 'pino';
import { createConnectorMetrics } from '../../../core/metrics/connector-metrics.js';
import { observeConsumerLag } from '../../../core/metrics/consumer-lag-metrics.js';
import { createConsumerMetrics } from '../../../core/metrics/consumer-metrics.js';
import { createEffectMetrics } from '../../../core/metrics/effect-metrics.js';
import { HealthState } from '../../../core/metrics/health-state.js';
import { observeReadiness } from '../../../core/metrics/readiness-metrics.js';
import { createReconcileMetrics } from '../../../core/metrics/reconcile-metrics.js';
import { createMetricsRegistry } from '../../../core/metrics/registry.js';

/** Series Prometheus writes for every target, whatever the target exports. */
export const PROMETHEUS_GENERATED = new Set(['up', 'scrape_duration_seconds', 'scrape_samples_scraped', 'scrape_samples_post_metric_relabeling', 'scrape_series_added']);

/** Prefixes of the names our processes export: the project's and prom-client's defaults. */
export const EXPORTED_PREFIXES = ['workos_kafka_', 'process_', 'nodejs_'] as const;

/** Name → type of every series the connector, consumers, notifier and reconcile register. */
export async function registeredSeries(): Promise<Map<string, string>> {
  const registry = createMetricsRegistry();
  createConnectorMetrics(registry);
  createConsumerMetrics(registry);
  createEffectMetrics(registry);
  createReconcileMetrics(registry);
  observeReadiness(registry, new HealthState());
  // Registration only: the admin client connects at the first scrape, which never comes.
  const kafka = new Kafka({ brokers: ['127.0.0.1:9'], logLevel: logLevel.NOTHING });
  const lag = observeConsumerLag(registry, { kafka, targets: [], logger: pino({ level: 'silent' }) });
  await lag.close();
  return new Map(registry.getMetricsAsArray().map((metric) => [metric.name, String(metric.type)]));
}

/**
 * Whether `name` is a series that exists among `registered` (name → type): itself, or a
 * histogram's `_bucket`/`_sum`/`_count` (a summary's `_sum`/`_count`).
 */
export function isRegistered(name: string, registered: ReadonlyMap<string, string>): boolean {
  if (registered.has(name)) return true;
  const suffix = /^(.*)_(bucket|sum|count)$/.exec(name);
  if (!suffix) return false;
  const type = registered.get(suffix[1] as string);
  return type === 'histogram' || (type === 'summary' && suffix[2] !== 'bucket');
}

/**
 * One Prometheus registry per process (never prom-client's global one), so a test can build
 * several side by side and a library user's own metrics never collide with ours.
 */
import { collectDefaultMetrics, Registry } from 'prom-client';

/** Prefix of every series this project defines. prom-client's process metrics keep their standard names. */
export const METRIC_PREFIX = 'workos_kafka_';

/** Options for {@link createMetricsRegistry}. */
export interface CreateMetricsRegistryOptions {
  /**
   * Also collect prom-client's default process metrics (CPU, memory, event-loop lag, GC, handles).
   * Default `true`; unit tests turn it off to keep the output small.
   */
  defaultMetrics?: boolean;
  /** Labels added to every series, e.g. `{ service: 'workos-notifier' }`. Default none. */
  labels?: Record<string, string>;
}

/** Creates a fresh registry for one process (or one test). */
export function createMetricsRegistry(options: CreateMetricsRegistryOptions = {}): Registry {
  const registry = new Registry();
  if (options.labels !== undefined) registry.setDefaultLabels(options.labels);
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}

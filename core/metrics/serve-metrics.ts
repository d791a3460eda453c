/**
 * How the entry points start the metrics server: from env config, and never fatally. Metrics are
 * an aid; a port clash (a second instance on one host, a stale process) must not stop the data
 * path, so a failed bind is logged as an error and the process runs without the endpoint.
 */
import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { HealthState } from './health-state.js';
import type { MetricsServerConfig } from './metrics-env.js';
import { startMetricsServer } from './metrics-server.js';

/** Stops whatever {@link serveMetrics} started (nothing, when disabled or the bind failed). */
export interface MetricsEndpoint {
  /** The URL served, or null when there is no server. */
  readonly url: string | null;
  close(): Promise<void>;
}

/** Starts the server `config` describes; null config = disabled (`METRICS_PORT=0`). */
export async function serveMetrics(
  config: MetricsServerConfig | null,
  deps: { registry: Registry; health: HealthState; logger: Logger },
): Promise<MetricsEndpoint> {
  if (config === null) {
    deps.logger.info('metrics server disabled (METRICS_PORT=0)');
    return { url: null, close: async () => undefined };
  }
  try {
    const server = await startMetricsServer({ ...config, registry: deps.registry, health: deps.health, logger: deps.logger });
    deps.logger.info({ url: server.url }, 'serving /metrics, /healthz and /readyz');
    return server;
  } catch (err) {
    deps.logger.error({ err, host: config.host, port: config.port }, 'metrics server could not listen; running without /metrics (set METRICS_PORT)');
    return { url: null, close: async () => undefined };
  }
}

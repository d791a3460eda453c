/**
 * The connector as its own process: configured by environment variables (see README), runs until
 * SIGTERM/SIGINT, exits 0 after a clean stop, 1 on a fatal error, 2 on invalid configuration.
 * Serves /metrics, /healthz and /readyz on METRICS_HOST:METRICS_PORT (default 127.0.0.1:9464).
 */
import { isConnectorError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { createConnectorMetrics } from '../core/metrics/connector-metrics.js';
import { HealthState } from '../core/metrics/health-state.js';
import { DEFAULT_METRICS_PORTS, loadMetricsServerConfig } from '../core/metrics/metrics-env.js';
import { createMetricsRegistry } from '../core/metrics/registry.js';
import { serveMetrics } from '../core/metrics/serve-metrics.js';
import { loadConnectorConfig } from './config.js';
import { createConnector } from './create-connector.js';

function loadOrExit<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
}

const config = loadOrExit(() => loadConnectorConfig());
const metricsConfig = loadOrExit(() => loadMetricsServerConfig(DEFAULT_METRICS_PORTS.connector));
const logger = createLogger({ level: config.LOG_LEVEL, base: { service: 'workos-kafka-connector', connector: config.CONNECTOR_NAME } });
const controller = new AbortController();
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    logger.info({ signal }, 'stopping: finishing the page in hand');
    controller.abort();
  });
}

const registry = createMetricsRegistry();
const health = new HealthState();
const metricsEndpoint = await serveMetrics(metricsConfig, { registry, health, logger });
try {
  await createConnector(config, logger, undefined, { metrics: createConnectorMetrics(registry), health }).run(controller.signal);
  logger.info('connector stopped cleanly');
  process.exitCode = 0;
} catch (error) {
  const code = isConnectorError(error) ? error.code : 'UNEXPECTED';
  logger.fatal({ err: error, code }, `connector stopped: ${(error as Error).message}`);
  process.exitCode = 1;
} finally {
  await metricsEndpoint.close();
}

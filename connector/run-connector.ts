/**
 * The connector as a command: serves /metrics, /healthz and /readyz on METRICS_HOST:METRICS_PORT
 * (default 127.0.0.1:9464), reads WorkOS into Kafka until the signal aborts, then commits the page
 * in hand and returns. A fatal error (401/403/400/422 from WorkOS, fencing, a misconfigured
 * cursor topic) rejects with its cause.
 */
import type { z } from 'zod';
import { parseEnv } from '../core/env-config.js';
import { isConnectorError } from '../core/errors.js';
import { withKafkaSecurityChecks } from '../core/kafka-security-env.js';
import { childLogger, createLogger } from '../core/logger.js';
import { createConnectorMetrics } from '../core/metrics/connector-metrics.js';
import { HealthState } from '../core/metrics/health-state.js';
import { METRICS_SETTINGS, metricsServerConfigOf } from '../core/metrics/metrics-env.js';
import { createMetricsRegistry } from '../core/metrics/registry.js';
import { serveMetrics } from '../core/metrics/serve-metrics.js';
import type { RoleContext } from '../core/role-context.js';
import { settingsSchema } from '../core/settings/settings-schema.js';
import { CONNECTOR_SETTINGS } from './config.js';
import { createConnector, createWorkosClient } from './create-connector.js';
import { serveDoorbell, withDoorbellChecks } from './doorbell/doorbell-wiring.js';
import type { WebhookEndpoint } from './doorbell/webhook-endpoint.js';

/** What `workos-kafka connector` reads: the connector's settings and its metrics endpoint. */
export const CONNECTOR_ROLE_SETTINGS = [...CONNECTOR_SETTINGS, ...METRICS_SETTINGS] as const;

const connectorRoleSchema = settingsSchema(CONNECTOR_ROLE_SETTINGS, 'connector');

/** The parsed configuration of the connector command. */
export type ConnectorRoleConfig = Readonly<z.output<typeof connectorRoleSchema>>;

/** Validates every connector and metrics setting at once; throws `CONFIG_INVALID` listing the problems. */
export function loadConnectorRoleConfig(values: Record<string, string | undefined>): ConnectorRoleConfig {
  return parseEnv(withDoorbellChecks(withKafkaSecurityChecks(connectorRoleSchema)), values, 'connector');
}

/** Runs the connector until `context.signal` aborts; rejects on a fatal error. */
export async function runConnector(config: ConnectorRoleConfig, context: RoleContext): Promise<void> {
  const { signal } = context;
  const logger = createLogger({ level: config.LOG_LEVEL, base: { service: 'workos-kafka-connector', connector: config.CONNECTOR_NAME } });
  const onAbort = (): void => logger.info('stopping: finishing the page in hand');
  signal.addEventListener('abort', onAbort, { once: true });
  const registry = createMetricsRegistry();
  const health = new HealthState();
  const metricsEndpoint = await serveMetrics(metricsServerConfigOf(config), { registry, health, logger });
  let doorbellEndpoint: WebhookEndpoint | null = null;
  try {
    const connector = createConnector(config, logger, undefined, { metrics: createConnectorMetrics(registry), health });
    // Every replica answers webhooks (a standby's ring wakes nobody): WorkOS sees its endpoint
    // healthy whichever replica the load balancer picks.
    doorbellEndpoint = await serveDoorbell(config, connector.doorbell, createWorkosClient(config), childLogger(logger, 'connector.doorbell'));
    await connector.run(signal);
    logger.info('connector stopped cleanly');
  } catch (error) {
    // A stop requested during start-up ends the start-up retries with ABORTED: still a clean stop.
    if (signal.aborted && isConnectorError(error, 'ABORTED')) {
      logger.info('connector stopped during start-up');
      return;
    }
    const code = isConnectorError(error) ? error.code : 'UNEXPECTED';
    logger.fatal({ err: error, code }, `connector stopped: ${(error as Error).message}`);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
    await doorbellEndpoint?.close();
    await metricsEndpoint.close();
  }
}

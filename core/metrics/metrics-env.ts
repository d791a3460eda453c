/**
 * Where a process serves its metrics, from `METRICS_HOST` and `METRICS_PORT`. Each role has its
 * own default port so the connector and both consumers can run on one host without settings.
 */
import { z } from 'zod';
import { parseEnv } from '../env-config.js';
import { DEFAULT_METRICS_HOST } from './metrics-server.js';

/** Default `METRICS_PORT` per role. 9464 is also the OpenTelemetry Prometheus exporter's default. */
export const DEFAULT_METRICS_PORTS = Object.freeze({ connector: 9464, directoryMirror: 9465, notifier: 9466 });

/** Where to listen. */
export interface MetricsServerConfig {
  readonly host: string;
  readonly port: number;
}

function metricsEnvSchema(defaultPort: number) {
  return z.object({
    /** Interface to bind. Default 127.0.0.1; set 0.0.0.0 (or the pod IP) for a scraper on another host. */
    METRICS_HOST: z.string().min(1).default(DEFAULT_METRICS_HOST),
    /** TCP port; `0` disables the server. */
    METRICS_PORT: z.coerce.number().int().min(0).max(65_535).default(defaultPort),
  });
}

/**
 * Reads `METRICS_HOST` / `METRICS_PORT`; null when `METRICS_PORT=0` (disabled). Throws
 * `CONFIG_INVALID` naming every bad key.
 */
export function loadMetricsServerConfig(defaultPort: number, env: Record<string, string | undefined> = process.env): MetricsServerConfig | null {
  const parsed = parseEnv(metricsEnvSchema(defaultPort), env, 'metrics server');
  return parsed.METRICS_PORT === 0 ? null : Object.freeze({ host: parsed.METRICS_HOST, port: parsed.METRICS_PORT });
}

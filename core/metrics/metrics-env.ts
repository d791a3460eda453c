/**
 * Where a process serves its metrics, from `METRICS_HOST` and `METRICS_PORT`. Each role has its
 * own default port so the connector and both consumers can run on one host without settings.
 */
import { z } from 'zod';
import { integerFrom, nonEmptyText } from '../config-values.js';
import { parseEnv } from '../env-config.js';
import { settingsSchema } from '../settings/settings-schema.js';
import { defineSetting } from '../settings/setting.js';
import { DEFAULT_METRICS_HOST } from './metrics-server.js';

/** The roles that serve metrics. */
export type MetricsRole = 'connector' | 'directory-mirror' | 'notifier' | 'reconcile';

export const METRICS_HOST = defineSetting({
  env: 'METRICS_HOST',
  group: 'Metrics',
  help: 'interface for /metrics, /healthz and /readyz (0.0.0.0 for a scraper on another host)',
  type: nonEmptyText,
  default: DEFAULT_METRICS_HOST,
});

export const METRICS_PORT = defineSetting({
  env: 'METRICS_PORT',
  group: 'Metrics',
  help: 'port for /metrics, /healthz and /readyz (0 = off)',
  type: integerFrom(0, 65_535),
  // 9464 is also the OpenTelemetry Prometheus exporter's default.
  default: { connector: '9464', 'directory-mirror': '9465', notifier: '9466', reconcile: '9467' },
});

/** The metrics settings of every long-running role. */
export const METRICS_SETTINGS = [METRICS_HOST, METRICS_PORT] as const;

/** Default `METRICS_PORT` per role, read from its declaration. */
export const DEFAULT_METRICS_PORTS = Object.freeze({
  connector: Number(METRICS_PORT.defaultFor('connector')),
  directoryMirror: Number(METRICS_PORT.defaultFor('directory-mirror')),
  notifier: Number(METRICS_PORT.defaultFor('notifier')),
  reconcile: Number(METRICS_PORT.defaultFor('reconcile')),
});

/** Where to listen. */
export interface MetricsServerConfig {
  readonly host: string;
  readonly port: number;
}

/** The parsed metrics settings (part of every long-running role's config). */
export type MetricsSettings = Readonly<z.output<ReturnType<typeof metricsSchema>>>;

function metricsSchema(role: MetricsRole) {
  return settingsSchema(METRICS_SETTINGS, role);
}

/** Where to serve, from parsed settings; null when `METRICS_PORT=0` (disabled). */
export function metricsServerConfigOf(settings: MetricsSettings): MetricsServerConfig | null {
  return settings.METRICS_PORT === 0 ? null : Object.freeze({ host: settings.METRICS_HOST, port: settings.METRICS_PORT });
}

/**
 * Reads `METRICS_HOST` / `METRICS_PORT` as `role` does; null when `METRICS_PORT=0` (disabled).
 * Throws `CONFIG_INVALID` naming every bad key.
 */
export function loadMetricsServerConfig(role: MetricsRole, env: Record<string, string | undefined>): MetricsServerConfig | null {
  return metricsServerConfigOf(parseEnv(metricsSchema(role), env, 'metrics server'));
}

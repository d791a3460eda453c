/**
 * `workos-kafka reconcile`: compares the directory mirror with WorkOS's state APIs and reports
 * the drift (rows missing from the mirror, rows WorkOS no longer lists, rows with another
 * `updated_at`) per entity type and organization. It reads WorkOS through the connector's request
 * budget and retries, and changes nothing by default. `--repair` asks the running connector for a
 * snapshot of each drifting scope; `--interval` runs it again and again, exporting the drift as
 * metrics.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import { WORKOS_API_KEY, WORKOS_API_SETTINGS, WORKOS_REQUESTS_PER_SECOND } from '../connector/config.js';
import { RequestBudget } from '../connector/request-budget.js';
import { readWorkosState } from '../connector/snapshot/workos-state.js';
import { newWorkosClient } from '../connector/workos-client.js';
import { DATABASE_SETTINGS, databaseConfigOf } from '../consumers/config/consumer-env.js';
import { openDatabase } from '../consumers/db/open-database.js';
import { byMirrorTable, computeDrift, driftScopes, mirrorRows, type DriftEntry } from '../consumers/directory-mirror/reconcile-drift.js';
import { MIRROR_TABLE_NAMES } from '../consumers/directory-mirror/mirror-tables.js';
import { createSqlMirrorStore } from '../consumers/directory-mirror/sql-mirror-store.js';
import { checkAll, configurationError, parseEnv } from '../core/env-config.js';
import { isConnectorError } from '../core/errors.js';
import { withKafkaSecurityChecks } from '../core/kafka-security-env.js';
import { createLogger } from '../core/logger.js';
import { HealthState } from '../core/metrics/health-state.js';
import { METRICS_SETTINGS, metricsServerConfigOf } from '../core/metrics/metrics-env.js';
import { createReconcileMetrics, type ReconcileMetrics } from '../core/metrics/reconcile-metrics.js';
import { createMetricsRegistry } from '../core/metrics/registry.js';
import { serveMetrics } from '../core/metrics/serve-metrics.js';
import { abortableSleep } from '../core/retry.js';
import type { RoleContext } from '../core/role-context.js';
import { LOG_LEVEL } from '../core/settings/common-settings.js';
import { settingsSchema } from '../core/settings/settings-schema.js';
import { repairScopes } from './reconcile-repair.js';
import { requestKafka, requestSnapshots, SNAPSHOT_REQUEST_SETTINGS, type SnapshotRequestSettings } from './snapshot-request-target.js';

/** What `workos-kafka reconcile` reads for the comparison itself. */
export const RECONCILE_SETTINGS = [WORKOS_API_KEY, ...WORKOS_API_SETTINGS, WORKOS_REQUESTS_PER_SECOND, ...DATABASE_SETTINGS, LOG_LEVEL] as const;

/** Everything the command reads: Kafka (only with `--repair`) and the metrics endpoint (only with `--interval`) too. */
export const RECONCILE_COMMAND_SETTINGS = [...RECONCILE_SETTINGS, ...METRICS_SETTINGS, ...SNAPSHOT_REQUEST_SETTINGS] as const;

const reconcileSchema = settingsSchema(RECONCILE_SETTINGS, 'reconcile');
const metricsSchema = settingsSchema(METRICS_SETTINGS, 'reconcile');
const repairSchema = settingsSchema(SNAPSHOT_REQUEST_SETTINGS, 'reconcile');

/** The parsed `workos-kafka reconcile`. */
export type ReconcileConfig = Readonly<z.output<typeof reconcileSchema>> &
  Readonly<z.output<typeof metricsSchema>> & {
    /** Print the drift as one JSON document instead of lines. */
    readonly json: boolean;
    /** Where to send snapshot requests for the drifting scopes; undefined without `--repair`. */
    readonly repair: SnapshotRequestSettings | undefined;
    /** Seconds between runs; 0 runs once. */
    readonly intervalSeconds: number;
  };

/** The command's own options, as given. */
export interface ReconcileOptions {
  readonly json: boolean;
  readonly repair?: boolean;
  readonly interval?: string;
}

/** Validates the settings and options; throws `CONFIG_INVALID` listing every problem. */
export function loadReconcileConfig(values: Record<string, string | undefined>, options: ReconcileOptions): ReconcileConfig {
  const [settings, metrics, repair, intervalSeconds] = checkAll('reconcile', [
    () => parseEnv(reconcileSchema, values, 'reconcile'),
    () => parseEnv(metricsSchema, values, 'reconcile'),
    // Kafka is needed only to send requests: a report alone runs where no broker is reachable.
    () => (options.repair === true ? parseEnv(withKafkaSecurityChecks(repairSchema), values, 'reconcile --repair') : undefined),
    () => intervalOf(options.interval ?? '0'),
  ]);
  return Object.freeze({ ...settings, ...metrics, json: options.json, repair, intervalSeconds });
}

function intervalOf(text: string): number {
  const seconds = Number(text);
  if (!Number.isInteger(seconds) || seconds < 0) throw configurationError('reconcile', [`--interval: must be a whole number of seconds ≥ 0, got "${text}"`]);
  return seconds;
}

/** The drift found, as `--json` prints it. */
export interface ReconcileReport {
  readonly drift: number;
  readonly scopes: ReturnType<typeof driftScopes>;
  readonly rows: readonly DriftEntry[];
  /** With `--repair`: the snapshot requests sent (organization id, or null for everything). */
  readonly repairs?: readonly { readonly request_id: string; readonly organization_id: string | null }[];
}

/** Reads both sides and compares them. */
export async function reconcile(config: ReconcileConfig, signal: AbortSignal, logger: Logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr })): Promise<ReconcileReport> {
  const workos = newWorkosClient({
    apiKey: config.WORKOS_API_KEY,
    apiHostname: config.WORKOS_API_HOSTNAME,
    https: config.WORKOS_API_HTTPS,
    ...(config.WORKOS_API_PORT === undefined ? {} : { port: config.WORKOS_API_PORT }),
    timeoutMs: config.WORKOS_REQUEST_TIMEOUT_MS,
  });
  const expected = byMirrorTable(await readWorkosState({ workos, budget: new RequestBudget(config.WORKOS_REQUESTS_PER_SECOND), logger }, signal));
  const store = createSqlMirrorStore(await openDatabase(databaseConfigOf(config)));
  try {
    const rows = computeDrift(expected, await mirrorRows(store));
    return { drift: rows.length, scopes: driftScopes(rows), rows };
  } finally {
    await store.close();
  }
}

/** Prints the drift (and, with `--repair`, the requests sent); with `--interval`, again and again until stopped. */
export async function runReconcile(config: ReconcileConfig, context: RoleContext): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
  if (config.intervalSeconds === 0) {
    printReport(await reconcileAndRepair(config, context.signal, logger, new Set()), config, context);
    return;
  }
  const registry = createMetricsRegistry();
  const health = new HealthState();
  const metrics = createReconcileMetrics(registry);
  const endpoint = await serveMetrics(metricsServerConfigOf(config), { registry, health, logger });
  try {
    await reconcilePeriodically(config, context, logger, metrics, health);
  } finally {
    await endpoint.close();
  }
}

/**
 * One run every `intervalSeconds`. A run WorkOS or the database cannot answer is logged, counted
 * and tried again at the next interval; a refused API key stops the command.
 */
async function reconcilePeriodically(config: ReconcileConfig, context: RoleContext, logger: Logger, metrics: ReconcileMetrics, health: HealthState): Promise<void> {
  let requestedLastRun = new Set<string>();
  health.markReady();
  while (!context.signal.aborted) {
    try {
      const report = await reconcileAndRepair(config, context.signal, logger, requestedLastRun);
      requestedLastRun = new Set((report.repairs ?? []).map((request) => request.organization_id ?? '*'));
      metrics.onRun({ tables: MIRROR_TABLE_NAMES, scopes: report.scopes }, report.scopes.length);
      metrics.onRepairRequested(report.repairs?.length ?? 0);
      printReport(report, config, context);
    } catch (error) {
      if (context.signal.aborted && isConnectorError(error, 'ABORTED')) break;
      if (isConnectorError(error, 'WORKOS_AUTH_FAILED')) throw error;
      metrics.onFailure();
      logger.error({ err: error }, `reconciliation failed; trying again in ${config.intervalSeconds} s`);
    }
    await abortableSleep(config.intervalSeconds * 1000, context.signal).catch(() => undefined);
  }
  health.markStopped('stopped');
}

/**
 * Compares, then with `--repair` requests a snapshot of each drifting scope. A scope requested by
 * the previous run is left out: its snapshot may still be on its way through the mirror.
 */
async function reconcileAndRepair(config: ReconcileConfig, signal: AbortSignal, logger: Logger, requestedLastRun: ReadonlySet<string>): Promise<ReconcileReport> {
  const report = await reconcile(config, signal, logger);
  if (config.repair === undefined) return report;
  const scopes = repairScopes(report.scopes).filter((organizationId) => !requestedLastRun.has(organizationId ?? '*'));
  if (scopes.length === 0) return { ...report, repairs: [] };
  const kafka = requestKafka(config.repair, 'reconcile', logger);
  const requests = await requestSnapshots(kafka, config.repair, scopes, 'reconcile --repair', logger);
  return { ...report, repairs: requests.map(({ request_id, organization_id }) => ({ request_id, organization_id })) };
}

function printReport(report: ReconcileReport, config: ReconcileConfig, context: RoleContext): void {
  if (config.json) {
    context.print(JSON.stringify(report));
    return;
  }
  if (report.drift === 0) context.print('no drift: the mirror equals WorkOS state');
  else {
    context.print(`drift: ${report.drift} row(s)`);
    for (const scope of report.scopes) {
      context.print(`  ${scope.table} in ${scope.organizationId ?? 'the environment'}: ${scope.missing} missing, ${scope.extra} extra, ${scope.stale} stale`);
    }
    for (const row of report.rows) context.print(`  ${row.kind} ${row.table} ${row.id}`);
  }
  for (const request of report.repairs ?? []) {
    context.print(`repair: snapshot requested (${request.request_id}) of ${request.organization_id === null ? 'every organization and user' : `organization ${request.organization_id}`}`);
  }
}

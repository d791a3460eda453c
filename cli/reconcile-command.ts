/**
 * `workos-kafka reconcile`: compares the directory mirror with WorkOS's state APIs and reports
 * the drift (rows missing from the mirror, rows WorkOS no longer lists, rows with another
 * `updated_at`) per entity type and organization. It reads WorkOS through the connector's request
 * budget and retries, and changes nothing.
 */
import type { z } from 'zod';
import { WORKOS_API_KEY, WORKOS_API_SETTINGS, WORKOS_REQUESTS_PER_SECOND } from '../connector/config.js';
import { RequestBudget } from '../connector/request-budget.js';
import { readWorkosState } from '../connector/snapshot/workos-state.js';
import { newWorkosClient } from '../connector/workos-client.js';
import { DATABASE_SETTINGS, databaseConfigOf } from '../consumers/config/consumer-env.js';
import { openDatabase } from '../consumers/db/open-database.js';
import { byMirrorTable, computeDrift, driftScopes, mirrorRows, type DriftEntry } from '../consumers/directory-mirror/reconcile-drift.js';
import { createSqlMirrorStore } from '../consumers/directory-mirror/sql-mirror-store.js';
import { parseEnv } from '../core/env-config.js';
import { createLogger } from '../core/logger.js';
import type { RoleContext } from '../core/role-context.js';
import { LOG_LEVEL } from '../core/settings/common-settings.js';
import { settingsSchema } from '../core/settings/settings-schema.js';

/** What `workos-kafka reconcile` reads besides its own options. */
export const RECONCILE_SETTINGS = [WORKOS_API_KEY, ...WORKOS_API_SETTINGS, WORKOS_REQUESTS_PER_SECOND, ...DATABASE_SETTINGS, LOG_LEVEL] as const;

const reconcileSchema = settingsSchema(RECONCILE_SETTINGS, 'reconcile');

/** The parsed `workos-kafka reconcile`. */
export type ReconcileConfig = Readonly<z.output<typeof reconcileSchema>> & {
  /** Print the drift as one JSON document instead of lines. */
  readonly json: boolean;
};

/** Validates the settings; throws `CONFIG_INVALID` listing every problem. */
export function loadReconcileConfig(values: Record<string, string | undefined>, options: { json: boolean }): ReconcileConfig {
  return Object.freeze({ ...parseEnv(reconcileSchema, values, 'reconcile'), json: options.json });
}

/** The drift found, as `--json` prints it. */
export interface ReconcileReport {
  readonly drift: number;
  readonly scopes: ReturnType<typeof driftScopes>;
  readonly rows: readonly DriftEntry[];
}

/** Reads both sides and compares them. */
export async function reconcile(config: ReconcileConfig, signal: AbortSignal): Promise<ReconcileReport> {
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
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

/** Prints the drift: a line per (entity type, organization) with drift, then the drifting rows. */
export async function runReconcile(config: ReconcileConfig, context: RoleContext): Promise<void> {
  const report = await reconcile(config, context.signal);
  if (config.json) {
    context.print(JSON.stringify(report));
    return;
  }
  if (report.drift === 0) {
    context.print('no drift: the mirror equals WorkOS state');
    return;
  }
  context.print(`drift: ${report.drift} row(s)`);
  for (const scope of report.scopes) {
    context.print(`  ${scope.table} in ${scope.organizationId ?? 'the environment'}: ${scope.missing} missing, ${scope.extra} extra, ${scope.stale} stale`);
  }
  for (const row of report.rows) context.print(`  ${row.kind} ${row.table} ${row.id}`);
}

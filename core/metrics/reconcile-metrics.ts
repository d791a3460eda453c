/**
 * What a periodic `reconcile --interval` exports: the drift it found last, per mirror table and
 * kind (missing, extra, stale), when it last succeeded, how its runs ended and the snapshots it
 * requested. Every (table, kind) pair is set on each run, so a drift that was repaired reads 0,
 * not its old value.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import { METRIC_PREFIX } from './registry.js';

/** The kinds of drift, as `reconcile-drift.ts` names them. */
export const DRIFT_KINDS = ['missing', 'extra', 'stale'] as const;

/** Drift counts of one run, per table. */
export interface DriftCounts {
  readonly tables: readonly string[];
  readonly scopes: readonly { readonly table: string; readonly missing: number; readonly extra: number; readonly stale: number }[];
}

/** The reconciliation's instruments. */
export interface ReconcileMetrics {
  onRun(drift: DriftCounts, scopes: number): void;
  onFailure(): void;
  onRepairRequested(count: number): void;
}

/** Registers the reconciliation series on `registry`. */
export function createReconcileMetrics(registry: Registry): ReconcileMetrics {
  const rows = new Gauge({
    name: `${METRIC_PREFIX}reconcile_drift_rows`,
    help: 'Rows the last reconciliation found drifting between the directory mirror and WorkOS, per mirror table and kind (missing, extra, stale).',
    labelNames: ['table', 'kind'],
    registers: [registry],
  });
  const scopes = new Gauge({
    name: `${METRIC_PREFIX}reconcile_drift_scopes`,
    help: 'Drifting (mirror table, organization) scopes found by the last reconciliation.',
    registers: [registry],
  });
  const lastSuccess = new Gauge({
    name: `${METRIC_PREFIX}reconcile_last_success_timestamp_seconds`,
    help: 'Unix time of the last reconciliation that compared both sides.',
    registers: [registry],
  });
  const runs = new Counter({
    name: `${METRIC_PREFIX}reconcile_runs_total`,
    help: 'Reconciliation runs, by outcome (ok: both sides compared; failed: WorkOS or the database did not answer).',
    labelNames: ['outcome'],
    registers: [registry],
  });
  const repairs = new Counter({
    name: `${METRIC_PREFIX}reconcile_repair_requests_total`,
    help: 'Snapshot requests sent by reconcile --repair.',
    registers: [registry],
  });
  runs.inc({ outcome: 'ok' }, 0);
  runs.inc({ outcome: 'failed' }, 0);
  repairs.inc(0);
  return {
    onRun(drift, scopeCount) {
      for (const table of drift.tables) {
        for (const kind of DRIFT_KINDS) {
          const count = drift.scopes.filter((scope) => scope.table === table).reduce((sum, scope) => sum + scope[kind], 0);
          rows.set({ table, kind }, count);
        }
      }
      scopes.set(scopeCount);
      lastSuccess.set(Date.now() / 1000);
      runs.inc({ outcome: 'ok' });
    },
    onFailure() {
      runs.inc({ outcome: 'failed' });
    },
    onRepairRequested(count) {
      repairs.inc(count);
    },
  };
}

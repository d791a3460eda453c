/**
 * The Grafana dashboard's shape: importable JSON whose panels all query the `$datasource`
 * variable (so the import asks which Prometheus to use), laid out without overlaps, and covering
 * what operators look at first.
 */
import { describe, expect, it } from 'vitest';
import { allPanels, dashboardQueries, shippedDashboard } from './ops-files.js';

describe('Grafana dashboard', () => {
  const dashboard = shippedDashboard();
  const panels = allPanels(dashboard);
  const content = panels.filter((panel) => panel.type !== 'row');

  it('has a uid, a title and unique panel ids', () => {
    expect(dashboard.uid).toBe('workos-kafka');
    expect(dashboard.title).toBeTruthy();
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('queries only through the $datasource variable, one refId per target', () => {
    const variables = dashboard.templating?.list ?? [];
    expect(variables.find((variable) => variable.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    for (const panel of content) {
      const p = panel as unknown as { title: string; datasource?: { uid?: string }; targets: { refId: string; datasource?: { uid?: string } }[] };
      expect(p.datasource?.uid, p.title).toBe('${datasource}');
      expect(p.targets.length, p.title).toBeGreaterThan(0);
      expect(p.targets.every((target) => target.datasource?.uid === '${datasource}'), p.title).toBe(true);
      expect(new Set(p.targets.map((target) => target.refId)).size, p.title).toBe(p.targets.length);
    }
  });

  it('lays panels on the 24-column grid without overlaps', () => {
    type Box = { x: number; y: number; w: number; h: number };
    const boxes = panels.map((panel) => ({ title: panel.title, ...((panel as { gridPos: Box }).gridPos) }));
    for (const box of boxes) expect(box.x + box.w, box.title).toBeLessThanOrEqual(24);
    const overlaps = boxes.flatMap((a, i) =>
      boxes.slice(i + 1).filter((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).map((b) => `${a.title} / ${b.title}`),
    );
    expect(overlaps).toEqual([]);
  });

  it('shows throughput, seconds behind, requests against the budget, latencies, lag, dead letters and effects', () => {
    const exprs = dashboardQueries(dashboard).map((query) => query.expr).join('\n');
    for (const series of [
      'workos_kafka_connector_events_published_total',
      'workos_kafka_connector_seconds_behind',
      'workos_kafka_connector_workos_requests_total',
      'vector($budget)',
      'workos_kafka_connector_transaction_duration_seconds_bucket',
      'workos_kafka_consumer_lag',
      'workos_kafka_consumer_handler_duration_seconds_bucket',
      'workos_kafka_consumer_dead_letters_total',
      'workos_kafka_notifier_effects_total',
      'workos_kafka_reconcile_drift_rows',
    ]) {
      expect(exprs, series).toContain(series);
    }
  });
});

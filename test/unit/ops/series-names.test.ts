/**
 * Every metric name the alert rules and the dashboard query is one the project registers (or
 * Prometheus adds, or a recording rule defines): a renamed series breaks here, without a broker.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { dashboardQueries, shippedDashboard, shippedRules } from './ops-files.js';
import { metricNamesIn } from './promql-names.js';
import { isRegistered, PROMETHEUS_GENERATED, registeredSeries } from './series-names.js';

let registered: Map<string, string>;
beforeAll(async () => {
  registered = await registeredSeries();
});

/** "where: name" for every name in `queries` that nothing defines. */
function unknownNames(queries: readonly { where: string; expr: string }[], recorded: ReadonlySet<string>): string[] {
  return queries.flatMap(({ where, expr }) =>
    metricNamesIn(expr)
      .filter((name) => !recorded.has(name) && !PROMETHEUS_GENERATED.has(name) && !isRegistered(name, registered))
      .map((name) => `${where}: ${name}`),
  );
}

describe('series used by the ops files', () => {
  const rules = shippedRules();
  const recorded = new Set(rules.filter((rule) => rule.kind === 'record').map((rule) => rule.name));

  it('rule expressions read only registered series and recording rules', () => {
    const queries = rules.map((rule) => ({ where: `${rule.kind} ${rule.name}`, expr: rule.expr }));
    expect(queries.flatMap(({ expr }) => metricNamesIn(expr)).length).toBeGreaterThan(rules.length);
    expect(unknownNames(queries, recorded)).toEqual([]);
  });

  it('dashboard queries read only registered series (they do not rely on the recording rules)', () => {
    const queries = dashboardQueries(shippedDashboard());
    expect(queries.length).toBeGreaterThan(10);
    expect(unknownNames(queries, new Set())).toEqual([]);
  });

  it('the check itself rejects a series nobody exports', () => {
    expect(unknownNames([{ where: 'probe', expr: 'rate(workos_kafka_connector_events_publish_total[5m]) + workos_kafka_consumer_handler_duration_seconds_bucket' }], recorded)).toEqual([
      'probe: workos_kafka_connector_events_publish_total',
    ]);
    // _bucket exists only on histograms.
    expect(isRegistered('workos_kafka_consumer_lag_bucket', registered)).toBe(false);
  });
});

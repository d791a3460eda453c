/**
 * Every metric name the Grafana dashboard and the alert rules query exists in what the real
 * processes serve: the connector, the directory mirror, the notifier and a periodic reconcile,
 * each started from its entry point and scraped over HTTP while they work. Series that appear
 * only once something happens are made to happen: the emulator answers the first request 503
 * (retry waits), an undecodable record is produced (dead letters), the notifier runs effects.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { dashboardQueries, shippedDashboard, shippedRules } from '../../unit/ops/ops-files.js';
import { metricNamesIn } from '../../unit/ops/promql-names.js';
import { PROMETHEUS_GENERATED } from '../../unit/ops/series-names.js';
import { testKafka } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { scrapeRole, startOpsPipeline, type OpsPipeline } from './support/ops-pipeline.js';

/** Names the rules and the dashboard read that a scrape must show (recording rules and Prometheus' own series aside). */
function requiredNames(): Map<string, string[]> {
  const rules = shippedRules();
  const recorded = new Set(rules.filter((rule) => rule.kind === 'record').map((rule) => rule.name));
  const queries = [...rules.map((rule) => ({ where: `rule ${rule.name}`, expr: rule.expr })), ...dashboardQueries(shippedDashboard())];
  const required = new Map<string, string[]>();
  for (const { where, expr } of queries) {
    for (const name of metricNamesIn(expr)) {
      if (recorded.has(name) || PROMETHEUS_GENERATED.has(name)) continue;
      required.set(name, [...(required.get(name) ?? []), where]);
    }
  }
  return required;
}

/** The names of every sample all roles serve right now. */
async function scrapedNames(pipeline: OpsPipeline): Promise<Set<string>> {
  const scrapes = await Promise.all(Object.values(pipeline.roles).map((role) => scrapeRole(role)));
  return new Set(scrapes.flatMap((samples) => (samples ?? []).map((sample) => sample.name)));
}

describe('dashboard and alert series', () => {
  it('every metric name in the dashboard and the rules is served by the running processes', { timeout: 240_000 }, async () => {
    const required = requiredNames();
    // Histograms are read through their _bucket/_sum/_count: those must appear in the list as such.
    expect(required.size).toBeGreaterThan(20);
    expect([...required.keys()]).toContain('workos_kafka_consumer_handler_duration_seconds_bucket');

    const pipeline = await startOpsPipeline(71);
    // A record no decoder accepts: both groups dead-letter it.
    const producer = testKafka().producer();
    await producer.connect();
    onTestFinished(() => producer.disconnect());
    await producer.send({ topic: pipeline.names.eventsTopic, messages: [{ key: 'ops-poison', value: Buffer.from('not a schema-registry record') }] });

    let served = new Set<string>();
    const missing = (): string[] => [...required].filter(([name]) => !served.has(name)).map(([name, where]) => `${name} (${where.join(', ')})`);
    await waitFor(
      async () => {
        for (const role of Object.values(pipeline.roles)) {
          if (role.process.hasExited()) throw new Error(`${role.job} exited:\n${role.process.output().slice(-3000)}`);
        }
        served = await scrapedNames(pipeline);
        return missing().length === 0;
      },
      'every series the dashboard and the rules use',
      150_000,
      500,
    ).catch((error: unknown) => {
      throw new Error(`${(error as Error).message}\nnot served:\n  ${missing().join('\n  ')}`);
    });
    expect(missing()).toEqual([]);
    // The union of scrapes is not "everything": a misspelt name is not in it.
    expect(served.has('workos_kafka_connector_events_publish_total')).toBe(false);
  });
});

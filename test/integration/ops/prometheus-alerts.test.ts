/**
 * The shipped rules in a real Prometheus (Debian's package) scraping the real processes every
 * second: every rule evaluates without error on live data, and stopping the connector makes
 * WorkosKafkaConnectorDown fire. The rules are loaded as shipped except for that alert's `for:`
 * (2m in the file), rewritten to 5s in a temporary copy so the test takes seconds, not minutes.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RULES_FILE } from '../../unit/ops/ops-tools.js';
import { exitOf } from '../../support/connector-harness.js';
import { waitFor } from '../../support/wait-for.js';
import { startOpsPipeline, type OpsPipeline } from './support/ops-pipeline.js';
import { startPrometheus, type PrometheusServer } from './support/prometheus-server.js';

const ALERT = 'WorkosKafkaConnectorDown';

/** `rules` with `alert`'s `for:` set to `duration`; throws unless exactly that one line changed. */
function withAlertFor(rules: string, alert: string, duration: string): string {
  const block = new RegExp(`(- alert: ${alert}\\n(?:(?!\\s*- (?:alert|record):).*\\n)*?\\s*for: )\\S+`);
  const rewritten = rules.replace(block, `$1${duration}`);
  if (rewritten === rules) throw new Error(`no for: found for ${alert}`);
  return rewritten;
}

function prometheusConfig(pipeline: OpsPipeline): string {
  const jobs = Object.values(pipeline.roles)
    .map((role) => `  - job_name: ${role.job}\n    static_configs:\n      - targets: ['${role.target}']`)
    .join('\n');
  return `global:
  scrape_interval: 1s
  scrape_timeout: 1s
  evaluation_interval: 1s
rule_files:
  - {{dir}}/rules.yml
scrape_configs:
${jobs}
`;
}

interface ApiAlert {
  labels: Record<string, string>;
  state: 'pending' | 'firing';
}
interface ApiRule {
  name: string;
  type: 'alerting' | 'recording';
  health: string;
  lastError?: string;
  duration?: number;
}

async function alertsNamed(prometheus: PrometheusServer, name: string): Promise<ApiAlert[]> {
  return (await prometheus.api<{ alerts: ApiAlert[] }>('alerts')).alerts.filter((alert) => alert.labels.alertname === name);
}

async function rules(prometheus: PrometheusServer): Promise<ApiRule[]> {
  return (await prometheus.api<{ groups: { rules: ApiRule[] }[] }>('rules')).groups.flatMap((group) => group.rules);
}

describe('alert rules in a real Prometheus', () => {
  it('evaluate cleanly on live series, and the connector-down alert fires once the connector stops', { timeout: 240_000 }, async () => {
    const pipeline = await startOpsPipeline(72, 300);
    const connector = pipeline.roles.connector;
    const shipped = readFileSync(RULES_FILE, 'utf8');
    const prometheus = await startPrometheus(prometheusConfig(pipeline), { 'rules.yml': withAlertFor(shipped, ALERT, '5s') });

    // Every target scraped successfully at least once.
    await waitFor(
      async () => {
        const { activeTargets } = await prometheus.api<{ activeTargets: { labels: { job: string }; health: string }[] }>('targets');
        return activeTargets.length === 4 && activeTargets.every((target) => target.health === 'up');
      },
      'all four targets up',
      60_000,
      500,
    );
    const loaded = await rules(prometheus);
    expect(loaded.length).toBe(shipped.match(/^\s*- (?:alert|record):/gm)?.length);
    expect(loaded.find((rule) => rule.name === ALERT)?.duration, 'the for: override took effect').toBe(5);
    // Several evaluations on live data: no rule errs (e.g. many-to-many matching on real labels).
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    const unhealthy = (await rules(prometheus)).filter((rule) => rule.health !== 'ok').map((rule) => `${rule.name}: ${rule.health} ${rule.lastError ?? ''}`);
    expect(unhealthy).toEqual([]);
    // The recording rules see the connector: it published and WorkOS answered 200.
    const published = await prometheus.api<{ result: { metric: Record<string, string>; value: [number, string] }[] }>(
      'query?query=' + encodeURIComponent('job:workos_kafka_connector_events_published:rate5m'),
    );
    expect(published.result.map((sample) => sample.metric.job)).toEqual([connector.job]);
    expect(await alertsNamed(prometheus, ALERT), 'not while the connector is up').toEqual([]);

    connector.process.child.kill('SIGTERM');
    expect(await exitOf(connector.process), connector.process.output()).toBe(0);
    let firing: ApiAlert | undefined;
    await waitFor(
      async () => {
        firing = (await alertsNamed(prometheus, ALERT)).find((alert) => alert.state === 'firing');
        return firing !== undefined;
      },
      `${ALERT} to fire`,
      60_000,
      500,
    );
    expect(firing?.labels).toMatchObject({ alertname: ALERT, severity: 'critical', job: connector.job, instance: connector.target });
    // The consumers are still up: the alert is about the connector alone.
    expect(await alertsNamed(prometheus, 'WorkosKafkaConsumerDown')).toEqual([]);
  });
});

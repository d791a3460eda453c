/**
 * The shipped Prometheus rules: `promtool check rules` and `promtool test rules` pass, every
 * alert carries what an on-call needs and has firing and silent test cases, and those cases
 * really decide something: each mutation below breaks one alert and must make promtool fail.
 * promtool comes from Debian's `prometheus` package; without it these tests fail, never skip.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { alertCoverage, ruleTestFiles, shippedRules } from './ops-files.js';
import { REPO_ROOT, RULE_TESTS_DIR, RULES_FILE, runPromtool } from './ops-tools.js';

describe('Prometheus rules (promtool)', () => {
  it('pass promtool check rules, which finds exactly the rules this suite reads', { timeout: 30_000 }, async () => {
    const result = await runPromtool(['check', 'rules', RULES_FILE]);
    expect(result.code, result.output).toBe(0);
    // Cross-checks the line reader in ops-files.ts: a rule it missed would escape every other check.
    expect(result.output).toContain(`SUCCESS: ${shippedRules().length} rules found`);
  });

  it('pass their promtool unit tests', { timeout: 60_000 }, async () => {
    const files = ruleTestFiles();
    expect(files.length).toBeGreaterThan(0);
    const result = await runPromtool(['test', 'rules', ...files]);
    expect(result.code, result.output).toBe(0);
  });
});

describe('every alert', () => {
  const alerts = shippedRules().filter((rule) => rule.kind === 'alert');
  const readmeAnchors = new Set(
    readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')
      .split('\n')
      .filter((line) => /^#{1,6} /.test(line))
      .map(githubAnchor),
  );

  it('has a for:, a severity, a summary, a description and a runbook link into a README section', () => {
    expect(alerts.length).toBeGreaterThan(0);
    for (const alert of alerts) {
      expect(alert.fields.for, alert.name).toMatch(/^\d+[smh]$/);
      expect(['warning', 'critical'], alert.name).toContain(alert.fields.severity);
      expect(alert.fields.summary, alert.name).toBeTruthy();
      expect(alert.fields.description, alert.name).toBeTruthy();
      const anchor = /^README\.md#(.+)$/.exec(alert.fields.runbook_url ?? '')?.[1];
      expect(anchor === undefined ? false : readmeAnchors.has(anchor), `${alert.name}: runbook_url ${alert.fields.runbook_url} names no README heading`).toBe(true);
    }
  });

  it('has at least one firing and one silent promtool case, and no case names a missing alert', () => {
    const coverage = alertCoverage(ruleTestFiles().map((file) => readFileSync(file, 'utf8')));
    for (const alert of alerts) {
      const cases = coverage.get(alert.name);
      expect(cases?.firing ?? 0, `${alert.name}: firing cases`).toBeGreaterThan(0);
      expect(cases?.silent ?? 0, `${alert.name}: silent cases`).toBeGreaterThan(0);
    }
    expect([...coverage.keys()].filter((name) => !alerts.some((alert) => alert.name === name))).toEqual([]);
  });
});

/**
 * One deliberate bug per alert (or recording rule). Each must make the named promtool test file
 * fail: a test that passes whatever the rule says would be a test that cannot fail.
 */
const MUTATIONS: readonly { readonly breaks: string; readonly from: string; readonly to: string; readonly tests: string }[] = [
  { breaks: 'ConnectorDown without absent()', from: ' or absent(up{job="workos-kafka-connector"})', to: '', tests: 'connector.test.yml' },
  { breaks: 'ConnectorDown for 30s', from: 'absent(up{job="workos-kafka-connector"})\n        for: 2m', to: 'absent(up{job="workos-kafka-connector"})\n        for: 30s', tests: 'connector.test.yml' },
  { breaks: 'ConnectorNoActiveReplica only without one', from: '(workos_kafka_connector_active) != 1', to: '(workos_kafka_connector_active) < 1', tests: 'connector.test.yml' },
  { breaks: 'ConnectorNoActiveReplica for 30s', from: '(workos_kafka_connector_active) != 1\n        for: 2m', to: '(workos_kafka_connector_active) != 1\n        for: 30s', tests: 'connector.test.yml' },
  { breaks: 'seconds behind of standbys too', from: '\n            and on (job, instance, connector) (workos_kafka_connector_active == 1)', to: '', tests: 'connector.test.yml' },
  { breaks: 'NotReady on any readiness', from: 'workos_kafka_ready == 0', to: 'workos_kafka_ready <= 1', tests: 'connector.test.yml' },
  { breaks: 'ConnectorBehind without the idle exception', from: '\n          unless on (job) job:workos_kafka_connector_idle:bool', to: '', tests: 'connector.test.yml' },
  { breaks: 'ConnectorBehind at 10 s', from: 'seconds_behind:max > 600', to: 'seconds_behind:max > 10', tests: 'connector.test.yml' },
  { breaks: 'idle without WorkOS answering', from: '(job:workos_kafka_connector_workos_requests_ok:rate5m > 0)', to: '(job:workos_kafka_connector_workos_requests_ok:rate5m >= 0)', tests: 'connector-idle.test.yml' },
  { breaks: 'CursorNearRetention at 60 %', from: '> 0.8 * 30 * 86400', to: '> 0.6 * 30 * 86400', tests: 'connector.test.yml' },
  { breaks: 'NoEventsPublished for 3h', from: 'for: 6h', to: 'for: 3h', tests: 'connector-idle.test.yml' },
  { breaks: 'ConsumerDown for any job', from: 'up{job=~"workos-kafka-(directory-mirror|notifier)"} == 0', to: 'up == 0', tests: 'consumers.test.yml' },
  { breaks: 'ConsumerLag at 5,000', from: 'lag:sum > 10000', to: 'lag:sum > 5000', tests: 'consumers.test.yml' },
  { breaks: 'ConsumerLag for 5m', from: 'lag:sum > 10000\n        for: 15m', to: 'lag:sum > 10000\n        for: 5m', tests: 'consumers.test.yml' },
  { breaks: 'ConsumerLagUnknown while the gauge is there', from: '\n          unless on (job) count by (job) (workos_kafka_consumer_lag)', to: '', tests: 'consumers.test.yml' },
  {
    breaks: 'DeadLetters without the new-series branch',
    from: '\n          or\n          sum by (job, group) (workos_kafka_consumer_dead_letters_total unless workos_kafka_consumer_dead_letters_total offset 15m) > 0',
    to: '',
    tests: 'consumers.test.yml',
  },
  {
    breaks: 'DeadLetters without increase()',
    from: 'sum by (job, group) (increase(workos_kafka_consumer_dead_letters_total[15m])) > 0\n          or\n',
    to: '',
    tests: 'consumers.test.yml',
  },
  { breaks: 'EffectsFailed on every outcome', from: 'workos_kafka_notifier_effects_total{outcome="failed"}[15m]', to: 'workos_kafka_notifier_effects_total[15m]', tests: 'notifier-reconcile.test.yml' },
  {
    breaks: 'EffectsFailed without the new-series branch',
    from: '\n          or\n          sum by (job, effect) (workos_kafka_notifier_effects_total{outcome="failed"} unless',
    to: '\n          or\n          0 * sum by (job, effect) (workos_kafka_notifier_effects_total{outcome="failed"} unless',
    tests: 'notifier-reconcile.test.yml',
  },
  { breaks: 'EffectsInDoubt over 10m', from: '{outcome="in-doubt"}[1h]', to: '{outcome="in-doubt"}[10m]', tests: 'notifier-reconcile.test.yml' },
  { breaks: 'ReconcileDrift at zero drift', from: '(workos_kafka_reconcile_drift_rows) > 0', to: '(workos_kafka_reconcile_drift_rows) >= 0', tests: 'notifier-reconcile.test.yml' },
  { breaks: 'ReconcileDrift for 30m', from: 'for: 2h', to: 'for: 30m', tests: 'notifier-reconcile.test.yml' },
  {
    breaks: 'ReconcileFailing despite successes',
    from: '\n          and on (job)\n          sum by (job) (increase(workos_kafka_reconcile_runs_total{outcome="ok"}[1h])) == 0',
    to: '',
    tests: 'notifier-reconcile.test.yml',
  },
];

describe('the promtool tests catch broken rules', () => {
  const original = readFileSync(RULES_FILE, 'utf8');

  it('every mutation applies to exactly one place in the rules', () => {
    for (const mutation of MUTATIONS) expect(original.split(mutation.from).length - 1, mutation.breaks).toBe(1);
  });

  it('every alert is broken by at least one mutation', () => {
    for (const alert of shippedRules().filter((rule) => rule.kind === 'alert')) {
      const short = alert.name.replace(/^WorkosKafka/, '');
      expect(MUTATIONS.some((mutation) => mutation.breaks.startsWith(`${short} `)), alert.name).toBe(true);
    }
  });

  it('makes promtool test rules fail for each mutation', { timeout: 180_000 }, async () => {
    const survivors: string[] = [];
    // Two at a time: each promtool run is CPU-bound for a second or more.
    for (let i = 0; i < MUTATIONS.length; i += 2) {
      await Promise.all(
        MUTATIONS.slice(i, i + 2).map(async (mutation) => {
          const result = await promtoolOnMutant(original.replace(mutation.from, mutation.to), mutation.tests);
          if (result.code === 0) survivors.push(`${mutation.breaks} (${mutation.tests} still passes)`);
          // A mutant must fail a test, not the rule syntax check: that would prove nothing.
          else if (!/FAILED:/.test(result.output) || /could not|parse error|Unable/i.test(result.output)) survivors.push(`${mutation.breaks}: promtool failed for another reason:\n${result.output.slice(0, 500)}`);
        }),
      );
    }
    expect(survivors).toEqual([]);
  });
});

/** Runs one promtool test file against `rules`, in a scratch copy of the layout (tests/ beside the rules). */
async function promtoolOnMutant(rules: string, testFile: string): ReturnType<typeof runPromtool> {
  const dir = mkdtempSync(join(tmpdir(), 'workos-rules-mutant-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, basename(RULES_FILE)), rules);
  cpSync(RULE_TESTS_DIR, join(dir, 'tests'), { recursive: true });
  return runPromtool(['test', 'rules', join(dir, 'tests', testFile)], dir);
}

/** GitHub's anchor for a Markdown heading line: lower case, punctuation dropped, spaces as hyphens. */
function githubAnchor(heading: string): string {
  return heading
    .replace(/^#+\s+/, '')
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/**
 * The whole product as Prometheus would see it: the connector, the directory mirror, the notifier
 * and a periodic reconcile, each a real process started from its entry point with its own metrics
 * port, reading an emulator and the run's broker. Everything is stopped when the test ends.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inject, onTestFinished } from 'vitest';
import { workosApiEnvFor } from '../../../../emulator/api-env.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../../emulator/server.js';
import { generateWorld } from '../../../../emulator/world/world-generator.js';
import { parseSamples, type Sample } from '../../../unit/metrics/prom-text.js';
import { connectorEnv, freshConnectorNames, runConnectorProcess, type ConnectorNames, type ConnectorProcess } from '../../../support/connector-harness.js';
import { freePort } from '../../../support/free-port.js';
import { testBrokers, uniqueName } from '../../../support/kafka-test-kit.js';
import { waitFor } from '../../../support/wait-for.js';

/** The roles, by the scrape job name the shipped rules expect (see ops/prometheus/workos-kafka-rules.yml). */
export const JOBS = {
  connector: 'workos-kafka-connector',
  directoryMirror: 'workos-kafka-directory-mirror',
  notifier: 'workos-kafka-notifier',
  reconcile: 'workos-kafka-reconcile',
} as const;

export type Role = keyof typeof JOBS;

/** One running process and where it serves /metrics. */
export interface RunningRole {
  readonly job: string;
  /** `127.0.0.1:<port>`, as a Prometheus target. */
  readonly target: string;
  readonly url: string;
  readonly process: ConnectorProcess;
}

/** A running pipeline. */
export interface OpsPipeline {
  readonly emulator: WorkosEmulator;
  readonly names: ConnectorNames;
  readonly groups: { readonly directoryMirror: string; readonly notifier: string };
  readonly roles: Readonly<Record<Role, RunningRole>>;
}

const DAY_MS = 86_400_000;

/**
 * Starts the emulator (a world of `events` events, the first request answered 503 so a retry wait
 * is counted), the connector, and once it published, the consumers and reconcile.
 */
export async function startOpsPipeline(seed: number, events = 600): Promise<OpsPipeline> {
  const emulator = await createWorkosEmulator({ seed });
  onTestFinished(() => emulator.close());
  const now = Date.now();
  emulator.store.appendMany(generateWorld({ seed, organizations: 4, events, start: now - 2 * DAY_MS, end: now - 60_000 }));
  emulator.faults.schedule({ type: 'server-error', status: 503 });

  const scratch = mkdtempSync(join(tmpdir(), 'workos-ops-'));
  onTestFinished(() => rmSync(scratch, { recursive: true, force: true }));
  const sqlitePath = join(scratch, 'state.sqlite');
  const names = freshConnectorNames();
  const groups = { directoryMirror: uniqueName('ops-mirror'), notifier: uniqueName('ops-notifier') };

  const start = async (job: string, env: Record<string, string>, args: readonly string[], entry: string): Promise<RunningRole> => {
    const port = await freePort();
    const child = runConnectorProcess({ ...env, METRICS_PORT: String(port) }, args, entry);
    return { job, target: `127.0.0.1:${port}`, url: `http://127.0.0.1:${port}`, process: child };
  };

  const connector = await start(JOBS.connector, connectorEnv(emulator, names), [], 'connector/main.ts');
  // Consumers start once the topic exists: that is the connector's to create.
  await waitForScrape(connector, 'the connector to publish', (samples) => samples.some((s) => s.name === 'workos_kafka_connector_events_published_total' && s.value > 0));

  const consumerEnv = {
    KAFKA_BROKERS: testBrokers().join(','),
    SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
    WORKOS_EVENTS_TOPIC: names.eventsTopic,
    SQLITE_PATH: sqlitePath,
    DIRECTORY_MIRROR_GROUP_ID: groups.directoryMirror,
    NOTIFIER_GROUP_ID: groups.notifier,
    LOG_LEVEL: 'warn',
  };
  const directoryMirror = await start(JOBS.directoryMirror, consumerEnv, [], 'consumers/directory-mirror/main.ts');
  const notifier = await start(JOBS.notifier, consumerEnv, [], 'consumers/notifier/main.ts');
  // Runs fail (counted) until the mirror created its tables, then compare.
  const reconcileEnv = { ...workosApiEnvFor(emulator), WORKOS_REQUESTS_PER_SECOND: '100', SQLITE_PATH: sqlitePath, LOG_LEVEL: 'error' };
  const reconcile = await start(JOBS.reconcile, reconcileEnv, ['reconcile', '--interval', '1'], 'cli/main.ts');
  return { emulator, names, groups, roles: { connector, directoryMirror, notifier, reconcile } };
}

/** One scrape of `role`'s /metrics; null while it does not answer. */
export async function scrapeRole(role: RunningRole): Promise<Sample[] | null> {
  try {
    const response = await fetch(`${role.url}/metrics`);
    return response.ok ? parseSamples(await response.text()) : null;
  } catch {
    return null; // Not listening (yet, or any more).
  }
}

/** Scrapes `role` until `ok` holds; fails early, with its output, if the process exits. */
export async function waitForScrape(role: RunningRole, what: string, ok: (samples: Sample[]) => boolean, timeoutMs = 90_000): Promise<Sample[]> {
  let samples: Sample[] = [];
  try {
    await waitFor(
      async () => {
        if (role.process.hasExited()) throw new Error(`${role.job} exited while waiting for ${what}`);
        samples = (await scrapeRole(role)) ?? [];
        return ok(samples);
      },
      what,
      timeoutMs,
      250,
    );
  } catch (error) {
    throw new Error(`${(error as Error).message}; ${role.job} output:\n${role.process.output().slice(-3000)}`);
  }
  return samples;
}

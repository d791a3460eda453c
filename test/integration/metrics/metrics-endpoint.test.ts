/**
 * /metrics, /healthz and /readyz end to end: a connector reading the emulator and a notifier
 * group reading what it publishes, scraped over HTTP while they run; then the same through the
 * real entry points (`connector/main.ts`, `consumers/notifier/main.ts`) as child processes.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, inject, it, onTestFinished } from 'vitest';
import { loadConnectorConfig } from '../../../connector/config.js';
import { createConnector } from '../../../connector/create-connector.js';
import { createEventDecoder } from '../../../consumers/config/event-decoder.js';
import { openDatabase } from '../../../consumers/db/open-database.js';
import { createEffectExecutor } from '../../../consumers/notifier/effect-executor.js';
import { createNotifierHandler } from '../../../consumers/notifier/notifier-consumer.js';
import { createRecordingSender } from '../../../consumers/notifier/senders/recording-sender.js';
import { createSqlEffectLedger } from '../../../consumers/notifier/sql-effect-ledger.js';
import { runConsumerGroup } from '../../../consumers/runtime/run-consumer-group.js';
import { createLogger } from '../../../core/logger.js';
import { createConnectorMetrics } from '../../../core/metrics/connector-metrics.js';
import { observeConsumerLag } from '../../../core/metrics/consumer-lag-metrics.js';
import { createConsumerMetrics } from '../../../core/metrics/consumer-metrics.js';
import { createEffectMetrics } from '../../../core/metrics/effect-metrics.js';
import { HealthState } from '../../../core/metrics/health-state.js';
import { startMetricsServer } from '../../../core/metrics/metrics-server.js';
import { createMetricsRegistry } from '../../../core/metrics/registry.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { connectorEnv, exitOf, freshConnectorNames, runConnectorProcess } from '../../support/connector-harness.js';
import { testBrokers, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { parseSamples, samplesOf, valueOf, type Sample } from '../../unit/metrics/prom-text.js';
import { spawnConsumer } from '../consumers/support/child-process.js';
import { freePort } from '../../support/free-port.js';

const DAY_MS = 86_400_000;
const C = 'workos_kafka_connector_';
let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

async function startEmulatorWithWorld(seed: number, events: number): Promise<WorkosEmulator> {
  emulator = await createWorkosEmulator({ seed });
  const now = Date.now();
  emulator.store.appendMany(generateWorld({ seed, organizations: 4, events, start: now - 2 * DAY_MS, end: now - 60_000 }));
  return emulator;
}

async function scrape(baseUrl: string): Promise<Sample[]> {
  const res = await fetch(`${baseUrl}/metrics`);
  expect(res.status).toBe(200);
  return parseSamples(await res.text());
}

async function probe(baseUrl: string, path: '/healthz' | '/readyz'): Promise<{ status: number; reason: string }> {
  const res = await fetch(`${baseUrl}${path}`);
  return { status: res.status, reason: ((await res.json()) as { reason: string }).reason };
}

function tempSqlite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'workos-metrics-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'state.sqlite');
}

/** A port free right now (the OS picks it); the child binds it a moment later. */
describe('metrics endpoint', () => {
  it('serves connector and consumer series while they run; healthy and ready while running, neither after stop', { timeout: 180_000 }, async () => {
    const emu = await startEmulatorWithWorld(31, 1_500);
    // The first WorkOS request fails once, so a retry wait and a non-200 status are counted too.
    emu.faults.schedule({ type: 'server-error', status: 503 });
    const names = freshConnectorNames();
    const config = loadConnectorConfig(connectorEnv(emu, names));
    // 'error': the scheduled 503 would otherwise log a retry warning into the test output.
    const logger = createLogger({ level: 'error', pretty: false });

    const registry = createMetricsRegistry();
    const health = new HealthState();
    const server = await startMetricsServer({ registry, health, port: 0, logger });
    onTestFinished(() => server.close());
    expect(server.host).toBe('127.0.0.1');
    expect(await probe(server.url, '/readyz')).toEqual({ status: 503, reason: 'starting' });
    expect((await probe(server.url, '/healthz')).status).toBe(200);

    const connector = createConnector(config, logger, undefined, { metrics: createConnectorMetrics(registry), health });
    const controller = new AbortController();
    const done = connector.run(controller.signal);
    done.catch(() => undefined);
    let running = true;
    void done.finally(() => (running = false)).catch(() => undefined);
    onTestFinished(async () => {
      controller.abort();
      await done.catch(() => undefined);
    });
    await waitFor(() => connector.lag.progress.eventsPublished > 0, 'the connector to publish', 60_000);

    // A notifier group on the topic the connector writes, with its metrics in the same registry.
    const kafka = testKafka();
    const groupId = uniqueName('metrics-notifier');
    const ledger = createSqlEffectLedger(await openDatabase({ kind: 'sqlite', path: tempSqlite() }));
    onTestFinished(() => ledger.close());
    await ledger.migrate();
    const sender = createRecordingSender();
    const executor = createEffectExecutor({
      ledger,
      senders: { 'welcome-message': sender, 'deprovision-call': sender },
      logger,
      observer: createEffectMetrics(registry),
    });
    const run = await runConsumerGroup({
      kafka,
      groupId,
      topic: names.eventsTopic,
      decode: createEventDecoder(names.eventsTopic, inject('schemaRegistryUrl')),
      handler: createNotifierHandler(executor),
      logger,
      observer: createConsumerMetrics(registry),
    });
    onTestFinished(() => run.stop());
    const lag = observeConsumerLag(registry, { kafka, targets: [{ groupId, topic: names.eventsTopic }], logger, cacheMs: 500 });
    onTestFinished(() => lag.close());

    // Scrape over HTTP during the run until the consumer side has numbers too.
    let samples: Sample[] = [];
    await waitFor(
      async () => {
        samples = await scrape(server.url);
        return (
          (valueOf(samples, 'workos_kafka_consumer_handler_duration_seconds_count', { group: groupId }) ?? 0) > 0 &&
          (valueOf(samples, 'workos_kafka_notifier_effects_total', { outcome: 'sent' }) ?? 0) > 0 &&
          samplesOf(samples, 'workos_kafka_consumer_lag', { group: groupId }).length > 0
        );
      },
      'consumer series in a scrape',
      90_000,
      250,
    );
    expect(running, 'scraped while the connector runs').toBe(true);

    // Connector.
    expect(valueOf(samples, `${C}events_published_total`)).toBeGreaterThan(0);
    expect(valueOf(samples, `${C}events_published_total`)).toBeLessThanOrEqual(connector.lag.progress.eventsPublished);
    expect(valueOf(samples, `${C}transactions_committed_total`)).toBeGreaterThan(0);
    expect(valueOf(samples, `${C}workos_requests_total`, { status: '200' })).toBeGreaterThan(0);
    expect(valueOf(samples, `${C}workos_requests_total`, { status: '503' })).toBe(1);
    expect(valueOf(samples, `${C}retry_waits_total`)).toBe(1);
    expect(valueOf(samples, `${C}retry_wait_seconds_total`)).toBeGreaterThan(0);
    expect(valueOf(samples, `${C}transaction_duration_seconds_count`)).toBeGreaterThan(0);
    expect(valueOf(samples, `${C}transaction_duration_seconds_bucket`, { le: '+Inf' })).toBe(valueOf(samples, `${C}transaction_duration_seconds_count`));
    const behind = valueOf(samples, `${C}seconds_behind`, { connector: names.connectorName });
    // The world ends a minute before now; the connector is at most two days behind it.
    expect(behind).toBeGreaterThan(0);
    expect(behind).toBeLessThan(2 * 86_400 + 600);

    // Consumer.
    expect(valueOf(samples, 'workos_kafka_consumer_records_total', { group: groupId, outcome: 'handled' })).toBeGreaterThan(0);
    expect(valueOf(samples, 'workos_kafka_consumer_dead_letters_total', { group: groupId })).toBeUndefined();
    const lagSamples = samplesOf(samples, 'workos_kafka_consumer_lag', { group: groupId, topic: names.eventsTopic });
    expect(lagSamples.map((s) => s.labels.partition).sort()).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(lagSamples.every((s) => Number.isInteger(s.value) && s.value >= 0)).toBe(true);

    // Process metrics from prom-client's defaults.
    expect(valueOf(samples, 'process_cpu_seconds_total')).toBeGreaterThan(0);

    expect(await probe(server.url, '/healthz')).toEqual({ status: 200, reason: 'running' });
    expect(await probe(server.url, '/readyz')).toEqual({ status: 200, reason: 'running' });

    controller.abort();
    await done;
    expect(await probe(server.url, '/readyz')).toEqual({ status: 503, reason: 'stopped' });
    expect((await probe(server.url, '/healthz')).status).toBe(503);
    // /metrics keeps answering after the stop: a last scrape still sees the final counts.
    expect(samplesOf(await scrape(server.url), `${C}events_published_total`)).toHaveLength(1);
  });

  it('connector/main.ts and consumers/notifier/main.ts serve it on METRICS_PORT and stop cleanly on SIGTERM', { timeout: 180_000 }, async () => {
    const emu = await startEmulatorWithWorld(32, 300);
    const names = freshConnectorNames();
    const [connectorPort, notifierPort] = [await freePort(), await freePort()];
    const connectorUrl = `http://127.0.0.1:${connectorPort}`;
    const notifierUrl = `http://127.0.0.1:${notifierPort}`;
    const connector = runConnectorProcess(connectorEnv(emu, names, { METRICS_PORT: String(connectorPort) }));
    const scrapeWhen = async (url: string, what: string, ok: (samples: Sample[]) => boolean, child: { output(): string; exited: Promise<unknown> }): Promise<Sample[]> => {
      let exited = false;
      void child.exited.then(() => (exited = true));
      let samples: Sample[] = [];
      await waitFor(
        async () => {
          if (exited) throw new Error(`the process exited while waiting for ${what}; output:\n${child.output().slice(-2000)}`);
          try {
            samples = await scrape(url);
            return ok(samples);
          } catch {
            return false; // Not listening yet.
          }
        },
        `${what}; output so far:\n${child.output().slice(-2000)}`,
        90_000,
        250,
      );
      return samples;
    };
    const connectorSamples = await scrapeWhen(
      connectorUrl,
      'the connector process to publish',
      (s) => (valueOf(s, `${C}events_published_total`) ?? 0) >= 300,
      connector,
    );
    expect(valueOf(connectorSamples, `${C}workos_requests_total`, { status: '200' })).toBeGreaterThan(0);
    expect(await probe(connectorUrl, '/readyz')).toEqual({ status: 200, reason: 'running' });

    // Started once the connector created the topic: the runtime does not create the topic it reads.
    const notifier = spawnConsumer('consumers/notifier/main.ts', {
      KAFKA_BROKERS: testBrokers().join(','),
      SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
      WORKOS_EVENTS_TOPIC: names.eventsTopic,
      SQLITE_PATH: tempSqlite(),
      NOTIFIER_GROUP_ID: uniqueName('metrics-notifier'),
      LOG_LEVEL: 'warn',
      METRICS_PORT: String(notifierPort),
    });

    const notifierSamples = await scrapeWhen(
      notifierUrl,
      'the notifier process to handle records',
      (s) => (valueOf(s, 'workos_kafka_consumer_records_total', { outcome: 'handled' }) ?? 0) > 0 && samplesOf(s, 'workos_kafka_consumer_lag').length > 0,
      notifier,
    );
    expect(valueOf(notifierSamples, 'workos_kafka_consumer_handler_duration_seconds_count')).toBeGreaterThan(0);
    expect(await probe(notifierUrl, '/healthz')).toEqual({ status: 200, reason: 'running' });
    expect((await probe(notifierUrl, '/readyz')).status).toBe(200);

    connector.child.kill('SIGTERM');
    notifier.child.kill('SIGTERM');
    expect(await exitOf(connector), connector.output()).toBe(0);
    expect(await notifier.exited, notifier.output()).toBe(0);
    await expect(fetch(`${connectorUrl}/healthz`)).rejects.toThrow();
  });
});

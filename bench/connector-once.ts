/**
 * One in-process connector run (`createConnector` + `run`, registry codec, exactly-once) against
 * an emulator, timed from its first WorkOS request to the moment `lag.progress.eventsPublished`
 * reaches the expected count (every page committed in its Kafka transaction).
 */
import { loadConnectorConfig } from '../connector/config.js';
import { createConnector } from '../connector/create-connector.js';
import { say, type BenchEnv } from './bench-env.js';
import type { BenchEmulator } from './emulator-world.js';
import { nowMs } from './stats.js';
import { workosApiEnvFor } from '../emulator/api-env.js';

/** Connector settings the benchmarks use; printed with the results. */
export const BENCH_CONNECTOR_SETTINGS = Object.freeze({
  // The schema's ceiling (the default is 10, i.e. 1,000 events/s); the emulator has no rate limit.
  WORKOS_REQUESTS_PER_SECOND: 100,
  POLL_INTERVAL_MS: 200,
});

// No committed page for this long means something is wrong, not slow.
const STALL_MS = 120_000;

/** How one run went. */
export interface ConnectorRun {
  /** `run()` called → first WorkOS request sent (topics, transactional init, cursor read, first cursor commit), ms. */
  readonly startupMs: number;
  /** First WorkOS request sent → last expected event committed, ms. */
  readonly elapsedMs: number;
  readonly events: number;
  readonly pages: number;
  /** Sum of WorkOS request durations (each page's HTTP round trip incl. emulated latency), ms. */
  readonly requestMs: number;
  readonly requests: number;
  /** CPU time of this process (user + system) from the first request's answer to the end, ms. */
  readonly cpuMs: number;
  /** Set when `run()` rejected after the abort instead of returning (it should return). */
  readonly stopError: string | undefined;
}

/**
 * {@link runConnectorOnce}, again with fresh names when a run fails during start-up (before its
 * first WorkOS request): start-up is not what the benchmarks measure, and a busy shared broker
 * sometimes refuses a topic it created a moment ago. A failure after start-up is thrown.
 */
export async function runConnectorMeasured(
  env: BenchEnv,
  emulator: BenchEmulator,
  expected: number,
  partitions: number,
  tag: string,
  settings: Readonly<Record<string, string>> = {},
): Promise<ConnectorRun & { startupFailures: string[] }> {
  const startupFailures: string[] = [];
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { ...(await runConnectorOnce(env, emulator, expected, partitions, attempt === 1 ? tag : `${tag}-a${attempt}`, settings)), startupFailures };
    } catch (err) {
      if (!(err instanceof StartupFailure) || attempt >= 3) throw err;
      startupFailures.push(err.message);
      say(`connector start-up failed (${err.message}); trying again with fresh names`);
    }
  }
}

/** A run that failed before its first WorkOS request. */
class StartupFailure extends Error {}

/** Runs a fresh connector (new name, new topics) until `expected` events are committed, then stops it; `settings` override the bench's. */
export async function runConnectorOnce(
  env: BenchEnv,
  emulator: BenchEmulator,
  expected: number,
  partitions: number,
  tag: string,
  settings: Readonly<Record<string, string>> = {},
): Promise<ConnectorRun> {
  const names = { connector: env.name(`conn-${tag}`), events: env.name(`events-${tag}`), cursor: env.name(`cursor-${tag}`) };
  env.dropTopicsLater(names.events, names.cursor);
  const config = loadConnectorConfig({
    ...workosApiEnvFor(emulator),
    KAFKA_BROKERS: env.brokers.join(','),
    SCHEMA_REGISTRY_URL: env.registryUrl,
    CONNECTOR_NAME: names.connector,
    WORKOS_EVENTS_TOPIC: names.events,
    WORKOS_CURSOR_TOPIC: names.cursor,
    WORKOS_EVENTS_TOPIC_PARTITIONS: String(partitions),
    WORKOS_START: 'earliest',
    WORKOS_SNAPSHOT_MODE: 'never',
    WORKOS_REQUESTS_PER_SECOND: String(BENCH_CONNECTOR_SETTINGS.WORKOS_REQUESTS_PER_SECOND),
    POLL_INTERVAL_MS: String(BENCH_CONNECTOR_SETTINGS.POLL_INTERVAL_MS),
    LOG_LEVEL: 'warn',
    ...settings,
  });
  let firstRequestAt: number | undefined;
  let cpuAtStart: NodeJS.CpuUsage | undefined;
  let requestMs = 0;
  let requests = 0;
  const connector = createConnector(config, env.logger, {
    onRequest: ({ durationMs }) => {
      // The observer hears about a request when it ends; its start is that minus its duration.
      if (firstRequestAt === undefined) {
        firstRequestAt = nowMs() - durationMs;
        cpuAtStart = process.cpuUsage();
      }
      requestMs += durationMs;
      requests += 1;
    },
  });
  const controller = new AbortController();
  const runCalledAt = nowMs();
  const done = connector.run(controller.signal);
  let failed: unknown;
  let stopError: string | undefined;
  done.catch((err: unknown) => {
    // After our abort, a rejection is how the connector stopped, not a failure of the run.
    if (controller.signal.aborted) stopError = err instanceof Error ? err.message : String(err);
    else failed = err;
  });
  const { progress } = connector.lag;
  // Polling every 2 ms costs nothing measurable and bounds the timing error to 2 ms per run.
  let lastCount = 0;
  let lastMoveAt = nowMs();
  while (progress.eventsPublished < expected && failed === undefined) {
    await sleep(2);
    if (progress.eventsPublished !== lastCount) [lastCount, lastMoveAt] = [progress.eventsPublished, nowMs()];
    if (nowMs() - lastMoveAt > STALL_MS) failed = new Error(`connector stalled at ${lastCount} of ${expected} events`);
  }
  const endedAt = nowMs();
  const cpu = process.cpuUsage(cpuAtStart);
  const stats = { events: progress.eventsPublished, pages: progress.pagesPublished, requestMs, requests, cpuMs: (cpu.user + cpu.system) / 1000 };
  controller.abort();
  await done.catch(() => undefined);
  if (failed !== undefined && firstRequestAt === undefined) throw new StartupFailure(failed instanceof Error ? failed.message : String(failed), { cause: failed });
  if (failed !== undefined) throw failed;
  const started = firstRequestAt ?? runCalledAt;
  return { startupMs: started - runCalledAt, elapsedMs: endedAt - started, ...stats, stopError };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

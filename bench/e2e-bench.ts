/**
 * Benchmark 5: end to end, as deployed. The emulator (its own process) offers a live stream of
 * events the mirror stores; the connector and the directory mirror run as their own processes.
 * Per load level: latency p50/p99 over every offered event, from its appearance at the emulator
 * to its rows being visible in the mirror's database, and each role's RSS at idle and its peak
 * under the load. No target: these are figures to read, not a pass/fail.
 */
import { say, type BenchEnv } from './bench-env.js';
import { BENCH_CONNECTOR_SETTINGS } from './connector-once.js';
import { E2E_FIXED, runLevel, type LevelResult, type LevelSettings } from './e2e-level.js';
import { freePort } from '../stack/free-port.js';
import type { E2eDoorbell } from './e2e-roles.js';
import { CONNECTOR_DEFAULT_POLL_MS, type BenchOptions } from './options.js';
import { measured, type BenchResult, type Measurement } from './report.js';
import { nowMs, percentile } from './stats.js';

/** Runs benchmark 5. */
export async function benchEndToEnd(env: BenchEnv, options: BenchOptions): Promise<BenchResult> {
  const started = nowMs();
  const requestsPerSecond = BENCH_CONNECTOR_SETTINGS.WORKOS_REQUESTS_PER_SECOND;
  const measurements: Measurement[] = [];
  const notes: string[] = [];
  let peakResetEverywhere = true;
  // A failed level, or events that never showed up, must be visible in the title, not only in a note.
  let incomplete = false;
  // The plain levels, then the webhook doorbell at 100 events/s (a WorkOS-like rate for one
  // environment), so one run shows both side by side.
  const levels: { eventsPerSecond: number; doorbell?: E2eDoorbell }[] = [
    ...options.e2eRates.map((eventsPerSecond) => ({ eventsPerSecond })),
    { eventsPerSecond: DOORBELL_RATE, doorbell: { port: await freePort(), secret: 'whsec_bench_doorbell', longIntervalMs: DOORBELL_LONG_INTERVAL_MS } },
  ];
  for (const { eventsPerSecond, doorbell } of levels) {
    const label = `${eventsPerSecond} events/s${doorbell === undefined ? '' : ' with the doorbell'}`;
    // A level that fails is reported; the next level still runs.
    const levelSettings: LevelSettings = {
      eventsPerSecond,
      seconds: options.e2eSeconds,
      database: options.e2eDatabase,
      databaseUrl: options.databaseUrl,
      partitions: options.partitions,
      pollIntervalMs: options.e2ePollIntervalMs,
      pollMinIntervalMs: options.e2ePollMinIntervalMs,
      requestsPerSecond,
      ...(doorbell === undefined ? {} : { doorbell }),
    };
    const level = await runLevel(env, levelSettings).catch((err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      say(`e2e level ${label} failed: ${message}`);
      notes.push(`FAILED at ${label}: ${message.split('\n')[0]}`);
      incomplete = true;
      return undefined;
    });
    if (level === undefined) continue;
    measurements.push(...levelMeasurements(level, doorbell !== undefined));
    notes.push(...level.problems.map((problem) => `${label}: ${problem}`));
    peakResetEverywhere &&= level.peakReset;
    incomplete ||= level.seen < level.offered;
  }
  return {
    name: 'e2e',
    title: `${incomplete ? 'INCOMPLETE (see notes): ' : ''}end to end: event visible at the emulator → its row visible in the mirror, at ${options.e2eRates.map((r) => r.toLocaleString('en-US')).join(' and ')} events/s offered`,
    settings: {
      ratesPerSecond: options.e2eRates.join(','),
      secondsPerRate: options.e2eSeconds,
      database: options.e2eDatabase,
      partitions: options.partitions,
      connectorPollIntervalMs: options.e2ePollIntervalMs,
      pollIntervalIsDefault: options.e2ePollIntervalMs === CONNECTOR_DEFAULT_POLL_MS,
      connectorPollMinIntervalMs: options.e2ePollMinIntervalMs,
      requestsPerSecond,
      doorbellLevel: `${DOORBELL_RATE} events/s, POLL_INTERVAL_WITH_DOORBELL_MS=${DOORBELL_LONG_INTERVAL_MS}, POLL_MIN_INTERVAL_WITH_DOORBELL_MS default, webhooks without delay or loss`,
      doorbellIdleS: E2E_FIXED.doorbellIdleMs / 1000,
      mirrorProgressPollMs: E2E_FIXED.progressPollMs,
      historyEvents: E2E_FIXED.historyEvents,
      drainTimeoutS: E2E_FIXED.drainTimeoutMs / 1000,
    },
    measurements,
    targets: [],
    notes: [
      'latency = the first bench poll of the mirror\'s consumer_progress (one row per partition, written in the transaction that writes the event\'s rows) at or past the event\'s id, minus the wall-clock moment the emulator appended the event (from then on GET /events serves it); resolution is the poll gap plus one query, see the poll-gap rows',
      'percentiles are over every event of a level that became visible; the connector and the mirror are separate processes configured by environment variables, with the defaults apart from requestsPerSecond and the names',
      `the steady-state p99 leaves out the events of the stream's first ${E2E_FIXED.steadyAfterMs / 1000} s: the stream starts about ${E2E_FIXED.idleSettleMs / 1000} s into an idle connector's ramp towards POLL_INTERVAL_MS, and how much of that wait is left falls into the overall p99 or not by its phase alone`,
      `requestsPerSecond=${requestsPerSecond} as in benchmarks 1–2: the default of 10 pages/s caps the connector at 1,000 events/s, exactly the top offered rate, so that level would only measure a growing backlog`,
      peakResetEverywhere
        ? 'peak RSS under load: VmHWM reset (/proc/<pid>/clear_refs) right after the idle reading, read once the last event is visible'
        : 'peak RSS under load: the VmHWM reset was refused, so the peak counts from process start-up',
      ...notes,
    ],
    durationMs: nowMs() - started,
  };
}

const DOORBELL_RATE = 100;
const DOORBELL_LONG_INTERVAL_MS = 60_000;

function levelMeasurements(level: LevelResult, doorbell: boolean): Measurement[] {
  const at = `${level.eventsPerSecond.toLocaleString('en-US')}/s${doorbell ? ' with doorbell' : ''}`;
  const one = (label: string, unit: string, value: number): Measurement => measured(`${at}: ${label}`, unit, [value]);
  return [
    one('latency p50', 'ms', percentile(level.latenciesMs, 50)),
    one('latency p99', 'ms', percentile(level.latenciesMs, 99)),
    one('latency max', 'ms', percentile(level.latenciesMs, 100)),
    one(`latency p99 after the first ${E2E_FIXED.steadyAfterMs / 1000} s (steady state)`, 'ms', percentile(level.steadyLatenciesMs, 99)),
    one('append → first served by GET /events, p50', 'ms', percentile(level.split.toServedMs, 50)),
    one('append → first served by GET /events, p99', 'ms', percentile(level.split.toServedMs, 99)),
    one('served → visible in the mirror, p50', 'ms', percentile(level.split.servedToVisibleMs, 50)),
    one('served → visible in the mirror, p99', 'ms', percentile(level.split.servedToVisibleMs, 99)),
    one('events offered', 'events', level.offered),
    one('events seen in the mirror', 'events', level.seen),
    one('offered rate achieved', 'events/s', level.offeredPerSecond),
    one('drain: stream stop → last visible', 'ms', level.drainMs),
    one('GET /events requests during the stream', 'requests', level.stream.requests),
    one('of them empty pages (→ poll sleep)', 'requests', level.stream.emptyPages),
    one('GET /events per second during the stream', 'requests/s', level.stream.requests / (level.stream.ms / 1000)),
    ...(level.stream.webhooks === undefined ? [] : [one('webhooks answered 2xx', 'webhooks', level.stream.webhooks.answered2xx)]),
    ...(level.idle === undefined ? [] : [one('idle GET /events per minute after the drain', 'requests/min', level.idle.requests / (level.idle.ms / 60_000))]),
    one('connector RSS at idle start', 'MiB', level.connector.idleMiB),
    one('connector peak RSS under load', 'MiB', level.connector.loadPeakMiB),
    one('mirror RSS at idle start', 'MiB', level.mirror.idleMiB),
    one('mirror peak RSS under load', 'MiB', level.mirror.loadPeakMiB),
    one('connector peak RSS in start-up', 'MiB', level.connector.startupPeakMiB),
    one('mirror peak RSS in start-up', 'MiB', level.mirror.startupPeakMiB),
    one('progress poll gap, mean', 'ms', level.pollPace.meanGapMs),
    one('progress poll gap, p99', 'ms', level.pollPace.p99GapMs),
    one('progress poll gap, max', 'ms', level.pollPace.maxGapMs),
    one('start-up until history mirrored', 'ms', level.startupMs),
  ];
}

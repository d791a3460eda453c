/**
 * Benchmark 6: the connector's first snapshot of a world whose state only the list endpoints
 * hold, next to the bound of the list APIs. The snapshot reads one page at a time (each page's
 * `after` is the last id of the page before, and the next list depends on what this one opened),
 * so at best it gets one page per max(round trip, 1 / request budget). At 100 entities a page
 * that is the ideal bound; the world's real pages hold fewer (a group's members, a directory of
 * five users), so the bound the world allows uses the entities per request the emulator served.
 */
import { LIST_PAGE_LIMIT } from '../connector/snapshot/list-reader.js';
import { say, type BenchEnv } from './bench-env.js';
import { CONNECTOR_DEFAULT_REQUESTS_PER_SECOND, type BenchOptions, type SnapshotSetting } from './options.js';
import { measured, startupNotes, stopNotes, type BenchResult, type Measurement } from './report.js';
import { countsSince, startSnapshotEmulator, type EndpointCounts } from './snapshot-emulator.js';
import { runSnapshotMeasured } from './snapshot-once.js';
import { median, nowMs, perSecond } from './stats.js';

/** snapshot-kills.test.ts's seed: the full world is the one that test snapshots. */
const SEED = 57;

/** The repetitions of one setting. */
interface SettingSeries {
  readonly snapshot: number[];
  readonly worldBound: number[];
  readonly measuredBound: number[];
  readonly served: number[];
  readonly rows: number[];
  readonly msPerRequest: number[];
  readonly roundTrip: number[];
  readonly startup: number[];
  endpoints: EndpointCounts;
}

/** Runs benchmark 6: each repetition runs every setting once, the order rotating. */
export async function benchSnapshot(env: BenchEnv, options: BenchOptions): Promise<BenchResult> {
  const started = nowMs();
  say(`generating the snapshot world (${options.snapshotEvents} events, ${options.snapshotOrganizations} organizations)…`);
  const emulator = await startSnapshotEmulator(options.snapshotEvents, options.snapshotOrganizations, SEED);
  try {
    const settings = options.snapshotSettings;
    const series = settings.map((): SettingSeries => ({ snapshot: [], worldBound: [], measuredBound: [], served: [], rows: [], msPerRequest: [], roundTrip: [], startup: [], endpoints: {} }));
    const stopErrors: string[] = [];
    const startupFailures: string[] = [];
    const countMismatches: string[] = [];
    for (let rep = 1; rep <= options.reps; rep += 1) {
      for (let i = 0; i < settings.length; i += 1) {
        const index = (i + rep - 1) % settings.length;
        const setting = settings[index] as SnapshotSetting;
        const s = series[index] as SettingSeries;
        await emulator.setLatency(setting.latencyMs);
        const before = await emulator.served();
        const run = await runSnapshotMeasured(env, emulator, setting.requestsPerSecond, `${setting.latencyMs}ms-${setting.requestsPerSecond}rps-r${rep}`);
        const lists = listEndpoints(countsSince(before, await emulator.served()));
        const served = Object.values(lists).reduce((sum, n) => sum + n, 0);
        if (served !== run.requests) countMismatches.push(`${label(setting)} rep ${rep}: the emulator served ${served} list requests, the connector counted ${run.requests}`);
        const perRequest = run.rows / served;
        s.snapshot.push(perSecond(run.rows, run.elapsedMs));
        s.worldBound.push(perRequest * perSecond(1, slotMs(setting, setting.latencyMs)));
        s.measuredBound.push(perRequest * perSecond(1, slotMs(setting, run.meanRequestMs)));
        s.served.push(served);
        s.rows.push(run.rows);
        s.msPerRequest.push(run.elapsedMs / served);
        s.roundTrip.push(run.meanRequestMs);
        s.startup.push(run.startupMs);
        s.endpoints = lists;
        if (run.stopError !== undefined) stopErrors.push(run.stopError);
        startupFailures.push(...run.startupFailures);
        say(`snapshot ${label(setting)} rep ${rep}: ${run.rows} entities, ${served} list requests in ${run.elapsedMs.toFixed(0)} ms (start-up ${run.startupMs.toFixed(0)} ms)`);
      }
    }
    const first = series[0] as SettingSeries;
    return {
      name: 'snapshot',
      title: 'first snapshot of a world older than retention vs the list APIs\' sequential bound',
      settings: {
        worldEvents: emulator.events,
        organizations: options.snapshotOrganizations,
        entities: median(first.rows),
        listRequests: median(first.served),
        reps: options.reps,
        settings: settings.map(label).join(', '),
        pageLimit: LIST_PAGE_LIMIT,
        snapshotMode: 'initial (default)',
      },
      measurements: settings.flatMap((setting, i) => settingMeasurements(setting, series[i] as SettingSeries)),
      targets: [],
      notes: [
        'snapshot timed from its started_at (stored before its first list request) to its last step committed; completion checked against the cursor topic\'s last_snapshot',
        `bound = entities per list request / max(round trip, 1 / budget); the round trip is the emulated latency (ideal and world bounds) or the mean measured one; the default budget is ${CONNECTOR_DEFAULT_REQUESTS_PER_SECOND}/s`,
        `list requests per endpoint (${label(settings[0] as SnapshotSetting)}, last rep): ${endpointLine(first.endpoints)}`,
        ...countMismatches,
        ...stopNotes(stopErrors, options.reps * settings.length),
        ...startupNotes(startupFailures),
      ],
      durationMs: nowMs() - started,
    };
  } finally {
    await emulator.close();
  }
}

function settingMeasurements(setting: SnapshotSetting, s: SettingSeries): Measurement[] {
  const at = `[${label(setting)}]`;
  const ideal = LIST_PAGE_LIMIT * perSecond(1, slotMs(setting, setting.latencyMs));
  return [
    measured(`${at} snapshot`, 'entities/s', s.snapshot),
    measured(`${at} bound, ${LIST_PAGE_LIMIT} entities per request`, 'entities/s', [ideal]),
    measured(`${at} bound, the world's pages`, 'entities/s', s.worldBound),
    measured(`${at} ratio snapshot / world's bound`, 'ratio', s.snapshot.map((v, i) => v / (s.worldBound[i] as number))),
    measured(`${at} bound, world's pages, measured round trip`, 'entities/s', s.measuredBound),
    measured(`${at} ms per list request`, 'ms', s.msPerRequest),
    measured(`${at} WorkOS round trip (mean)`, 'ms', s.roundTrip),
    // What a page costs besides its request: the Kafka transaction, encoding, and any wait for the budget.
    measured(`${at} ms per list request besides the request`, 'ms', s.msPerRequest.map((ms, i) => ms - (s.roundTrip[i] as number))),
    measured(`${at} entities per list request`, 'entities', s.rows.map((rows, i) => rows / (s.served[i] as number))),
    measured(`${at} start-up (not in entities/s)`, 'ms', s.startup),
  ];
}

/** The time one page takes at best: its round trip, or the budget's spacing if that is longer. */
function slotMs(setting: SnapshotSetting, roundTripMs: number): number {
  return Math.max(roundTripMs, 1000 / setting.requestsPerSecond);
}

function label(setting: SnapshotSetting): string {
  return `${setting.latencyMs} ms, ${setting.requestsPerSecond}/s`;
}

/** The state list endpoints among `counts` (the Events API's `/events` is not part of the snapshot). */
function listEndpoints(counts: EndpointCounts): EndpointCounts {
  return Object.fromEntries(Object.entries(counts).filter(([endpoint]) => endpoint !== '/events'));
}

function endpointLine(counts: EndpointCounts): string {
  return Object.entries(counts)
    .sort(([, a], [, b]) => b - a)
    .map(([endpoint, n]) => `${endpoint} ${n.toLocaleString('en-US')}`)
    .join(', ');
}

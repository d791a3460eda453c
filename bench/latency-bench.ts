/**
 * Benchmark 2: the connector against a WorkOS that takes `latencyMs` per page. Reading is
 * sequential (each page's cursor comes from the previous one), so 100 events per `latencyMs` is
 * the bound; the connector prefetches the next page while publishing the current one and should
 * approach it. The reader alone (no Kafka) is measured side by side as the empirical bound.
 */
import { say, type BenchEnv } from './bench-env.js';
import { BENCH_CONNECTOR_SETTINGS, runConnectorMeasured } from './connector-once.js';
import { startBenchEmulator } from './emulator-world.js';
import type { BenchOptions } from './options.js';
import { readAllPages } from './reader-only.js';
import { atLeast, measured, startupNotes, stopNotes, type BenchResult } from './report.js';
import { median, nowMs, perSecond } from './stats.js';

const PAGE = 100;

/** The backfill subject: windows side by side within a budget of 50 requests/s (of the key's 100/s). */
const BACKFILL = { windows: 8, requestsPerSecond: 50 } as const;

/** Runs benchmark 2. */
export async function benchLatency(env: BenchEnv, options: BenchOptions): Promise<BenchResult> {
  const started = nowMs();
  const emulator = await startBenchEmulator(options.latencyEvents, 11);
  try {
    await emulator.setLatency(options.latencyMs);
    const expected = emulator.events.length;
    const bound = perSecond(PAGE, options.latencyMs);
    const connector: number[] = [];
    const backfill: number[] = [];
    const reader: number[] = [];
    const startup: number[] = [];
    const stopErrors: string[] = [];
    const startupFailures: string[] = [];
    const subject = (into: number[], label: string, tag: string, settings: Record<string, string>) => async (rep: number): Promise<void> => {
      const run = await runConnectorMeasured(env, emulator, expected, options.partitions, `${tag}-r${rep}`, settings);
      into.push(perSecond(run.events, run.elapsedMs));
      startup.push(run.startupMs);
      if (run.stopError !== undefined) stopErrors.push(run.stopError);
      startupFailures.push(...run.startupFailures);
      say(`${label} with ${options.latencyMs} ms latency rep ${rep}: ${run.events} events in ${run.elapsedMs.toFixed(0)} ms`);
    };
    for (let rep = 1; rep <= options.reps; rep += 1) {
      const sides = [
        subject(connector, 'connector, one page after another', 'lat', { BACKFILL_WINDOWS: '1' }),
        subject(backfill, `connector, backfill in ${BACKFILL.windows} windows at ${BACKFILL.requestsPerSecond} requests/s`, 'bf', {
          BACKFILL_WINDOWS: String(BACKFILL.windows),
          WORKOS_REQUESTS_PER_SECOND: String(BACKFILL.requestsPerSecond),
        }),
        async (): Promise<void> => {
          const ms = await readAllPages(env, emulator, expected);
          reader.push(perSecond(expected, ms));
          say(`reader alone rep ${rep}: ${expected} events in ${ms.toFixed(0)} ms`);
        },
      ];
      const order = rep % 3 === 1 ? sides : rep % 3 === 2 ? [sides[1], sides[2], sides[0]] : [sides[2], sides[0], sides[1]];
      for (const side of order) await (side as (rep: number) => Promise<void>)(rep);
    }
    const ratio = median(connector) / bound;
    return {
      name: 'latency',
      title: `connector with ${options.latencyMs} ms emulated latency per page vs the sequential bound`,
      settings: {
        events: expected,
        pages: Math.ceil(expected / PAGE),
        reps: options.reps,
        latencyMsPerPage: options.latencyMs,
        pageSize: PAGE,
        partitions: options.partitions,
        requestsPerSecond: BENCH_CONNECTOR_SETTINGS.WORKOS_REQUESTS_PER_SECOND,
      },
      measurements: [
        measured('connector exactly-once', 'events/s', connector),
        measured(`sequential bound (${PAGE} events / ${options.latencyMs} ms)`, 'events/s', [bound]),
        measured('ratio connector / bound', 'ratio', connector.map((c) => c / bound)),
        measured('reader alone, no Kafka (measured bound)', 'events/s', reader),
        measured('ratio connector / reader alone (per pair)', 'ratio', connector.map((c, i) => c / (reader[i] as number))),
        measured(`connector, parallel backfill (${BACKFILL.windows} windows, ${BACKFILL.requestsPerSecond} requests/s)`, 'events/s', backfill),
        measured('ratio backfill / sequential bound', 'ratio', backfill.map((b) => b / bound)),
        measured('connector start-up (not in events/s)', 'ms', startup),
      ],
      targets: [atLeast('connector / sequential bound', ratio, 0.9), atLeast('parallel backfill / sequential bound', median(backfill) / bound, 3)],
      notes: [
        'connector timed from its first WorkOS request to its last page committed; the bound ignores HTTP and JSON time, the reader-alone figure includes them',
        ...stopNotes(stopErrors, options.reps),
        ...startupNotes(startupFailures),
      ],
      durationMs: nowMs() - started,
    };
  } finally {
    await emulator.close();
  }
}

/**
 * `npm run bench`: every benchmark in one command (1–4 each side by side with its baseline, 6 and 7 beside their bounds), printed
 * as a table on stdout and written as JSON to `bench/results/<timestamp>.json`. See bench/README.md.
 */
import { cpus } from 'node:os';
import { exitProcess, exitWhenPrinted } from '../core/exit-process.js';
import { openBenchEnv, say } from './bench-env.js';
import { benchConnector } from './connector-bench.js';
import { benchEndToEnd } from './e2e-bench.js';
import { benchKeyed } from './keyed-bench.js';
import { benchLatency } from './latency-bench.js';
import { benchMirror } from './mirror-bench.js';
import { parseBenchOptions, USAGE, type BenchName, type BenchOptions } from './options.js';
import { benchReplay } from './replay-bench.js';
import { benchSnapshot } from './snapshot-bench.js';
import { formatReport, writeJsonReport, type BenchResult } from './report.js';
import type { BenchEnv } from './bench-env.js';
import { warmUpBroker } from './warm-up.js';

const BENCHES: Record<BenchName, (env: BenchEnv, options: BenchOptions) => Promise<BenchResult>> = {
  connector: benchConnector,
  latency: benchLatency,
  mirror: benchMirror,
  replay: benchReplay,
  e2e: benchEndToEnd,
  snapshot: benchSnapshot,
  keyed: benchKeyed,
};

// The consumer runtime's dead-letter producer uses kafkajs' default partitioner; its one-time
// migration notice is noise in a benchmark log.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options = parseBenchOptions(argv);
  const startedAt = new Date();
  const started = performance.now();
  const env = await openBenchEnv();
  const results: BenchResult[] = [];
  const environment = {
    cores: cpus().length,
    cpu: cpus()[0]?.model.trim() ?? 'unknown',
    node: process.version,
    stack: env.stackSource,
    mode: options.quick ? 'quick' : 'full',
  };
  try {
    const warmUpTransactions = env.stackSource === 'local-stack' ? 400 : 1;
    say(`warming up the broker (${warmUpTransactions} transaction(s), then a group read)…`);
    await warmUpBroker(env, warmUpTransactions);
    for (const name of options.only) {
      say(`benchmark ${name}…`);
      // One failed benchmark must not lose the others' results: it is reported as failed.
      const benchStarted = performance.now();
      results.push(
        await BENCHES[name](env, options).catch((err: unknown): BenchResult => {
          say(`benchmark ${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
          return { name, title: `${name}: FAILED`, settings: {}, measurements: [], targets: [], notes: [`failed: ${String(err instanceof Error ? err.message : err)}`], durationMs: performance.now() - benchStarted };
        }),
      );
    }
  } finally {
    await env.close();
  }
  const totalMs = performance.now() - started;
  process.stdout.write(formatReport({ ...environment, totalSeconds: Math.round(totalMs / 1000) }, results));
  const path = writeJsonReport(startedAt, {
    startedAt: startedAt.toISOString(),
    durationMs: totalMs,
    command: `npm run bench${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
    environment: { ...environment, brokers: env.brokers, registryUrl: env.registryUrl, stackStartMs: env.stackStartMs },
    options,
    results,
  });
  process.stdout.write(`\nJSON: ${path}\n`);
  // Missed targets are findings to read in the report, not a failed command.
  return 0;
}

main(process.argv.slice(2)).then(
  exitWhenPrinted,
  (err: unknown) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    exitProcess(1);
  },
);

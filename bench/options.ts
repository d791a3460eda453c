/**
 * Command-line flags of `npm run bench`, validated once into a frozen object. Every size is a
 * flag; `--quick` swaps in small defaults for a smoke run (explicit flags still win).
 */
import { parseArgs } from 'node:util';
import { connectorEnvSchema } from '../connector/config.js';
import { DEFAULT_NOTIFIER_MAX_IN_FLIGHT } from '../consumers/notifier/notifier-consumer.js';

/** The benchmarks, in the order they run. */
export const BENCH_NAMES = ['connector', 'latency', 'mirror', 'replay', 'e2e', 'snapshot', 'keyed'] as const;

/** One benchmark's name. */
export type BenchName = (typeof BENCH_NAMES)[number];

/** Databases the mirror benchmarks can use. */
export type BenchDatabase = 'sqlite' | 'postgres';

/** Benchmark 6: one WorkOS setting the snapshot runs under. */
export interface SnapshotSetting {
  /** Emulated latency added to every WorkOS response, ms. */
  readonly latencyMs: number;
  /** The connector's WORKOS_REQUESTS_PER_SECOND. */
  readonly requestsPerSecond: number;
}

/** Every setting of a bench run. */
export interface BenchOptions {
  readonly quick: boolean;
  readonly only: readonly BenchName[];
  /** Repetitions of each side-by-side pair (benchmarks 1–3). */
  readonly reps: number;
  /** Benchmark 1: events served by the zero-latency emulator. */
  readonly connectorEvents: number;
  /** Partitions of every events topic the benchmarks create (connector default: 12). */
  readonly partitions: number;
  /** Benchmark 2: events served with latency, and the latency per page, ms. */
  readonly latencyEvents: number;
  readonly latencyMs: number;
  /** Benchmark 3: events in the pre-filled topic, databases, rows per raw INSERT. */
  readonly mirrorEvents: number;
  readonly mirrorDatabases: readonly BenchDatabase[];
  readonly rawBatchRows: number;
  /** Benchmark 4: events replayed, and the database they are replayed into. */
  readonly replayEvents: number;
  readonly replayDatabase: BenchDatabase;
  /** Benchmark 5: offered rates (events/s), seconds per rate, the mirror's database, the connector's poll interval (ms). */
  readonly e2eRates: readonly number[];
  readonly e2eSeconds: number;
  readonly e2eDatabase: BenchDatabase;
  readonly e2ePollIntervalMs: number;
  /** Benchmark 5: the connector's POLL_MIN_INTERVAL_MS. */
  readonly e2ePollMinIntervalMs: number;
  /** Benchmark 6: history events and organizations of the world (all older than retention), and the settings run. */
  readonly snapshotEvents: number;
  readonly snapshotOrganizations: number;
  readonly snapshotSettings: readonly SnapshotSetting[];
  /** Benchmark 7: events in the one-partition topic, their organizations, the receiver's latency (ms), the notifier's bound, the ledger's database. */
  readonly keyedEvents: number;
  readonly keyedOrganizations: number;
  readonly keyedLatencyMs: number;
  readonly keyedInFlight: number;
  readonly keyedDatabase: BenchDatabase;
  /** PostgreSQL server (a fresh schema is created and dropped per run). */
  readonly databaseUrl: string;
}

// A million events is the rebuild size the README quotes. Filling the topic is setup (about 80 s
// on the 2-core development machine) and takes longer than the replay itself.
// The full snapshot world is snapshot-kills.test.ts's: 21,667 entities from 1,960 list requests.
// mirrorEvents: 50,000 times the mirror's consumer path over 1–2 s; at 5,000 it was a 150–300 ms
// window, and SQLite's pairs spread from 0.47 to 0.85 with the machine's noise.
const FULL = { reps: 3, connectorEvents: 20_000, latencyEvents: 10_000, mirrorEvents: 50_000, replayEvents: 1_000_000, e2eSeconds: 60, snapshotEvents: 120_000, snapshotOrganizations: 60, keyedEvents: 800 };
const QUICK = { reps: 1, connectorEvents: 2_000, latencyEvents: 1_000, mirrorEvents: 1_000, replayEvents: 10_000, e2eSeconds: 15, snapshotEvents: 15_000, snapshotOrganizations: 20, keyedEvents: 200 };

/** The connector's own default request budget (WORKOS_REQUESTS_PER_SECOND unset). */
export const CONNECTOR_DEFAULT_REQUESTS_PER_SECOND: number = connectorEnvSchema.shape.WORKOS_REQUESTS_PER_SECOND.parse(undefined);

/** Benchmark 6's default settings, `latency ms:requests/s`: the budget binds (0 ms latency, 50/s), and WorkOS-like latency under the default budget. */
const SNAPSHOT_SETTINGS = `0:50,50:${CONNECTOR_DEFAULT_REQUESTS_PER_SECOND}`;

/** The connector's own default poll interval once caught up (POLL_INTERVAL_MS unset), ms. */
export const CONNECTOR_DEFAULT_POLL_MS: number = connectorEnvSchema.shape.POLL_INTERVAL_MS.parse(undefined);
/** The connector's default POLL_MIN_INTERVAL_MS. */
export const CONNECTOR_DEFAULT_POLL_MIN_MS: number = connectorEnvSchema.shape.POLL_MIN_INTERVAL_MS.parse(undefined);

/** Usage text for `--help`. */
export const USAGE = `usage: npm run bench -- [flags]
  --quick                 small sizes, 1 repetition (smoke run)
  --only <names>          comma-separated subset of: ${BENCH_NAMES.join(', ')}
  --reps <n>              repetitions per side-by-side pair (default ${FULL.reps}; quick 1)
  --events <n>            benchmark 1: events from the zero-latency emulator (default ${FULL.connectorEvents})
  --partitions <n>        partitions of each events topic (default 12, the connector's default)
  --latency-events <n>    benchmark 2: events (default ${FULL.latencyEvents})
  --latency-ms <ms>       benchmark 2: emulated latency per page (default 150)
  --mirror-events <n>     benchmark 3: events in the pre-filled topic (default ${FULL.mirrorEvents})
  --mirror-db <list>      benchmark 3: sqlite,postgres (default both)
  --raw-batch <rows>      benchmark 3: rows per raw INSERT … ON CONFLICT statement (default 500)
  --replay-events <n>     benchmark 4: events replayed (default ${FULL.replayEvents})
  --replay-db <db>        benchmark 4: sqlite or postgres (default sqlite, the embedded default)
  --e2e-rates <list>      benchmark 5: offered events/s, one level each (default 100,1000)
  --e2e-seconds <n>       benchmark 5: seconds each level is offered (default ${FULL.e2eSeconds}; quick ${QUICK.e2eSeconds})
  --e2e-db <db>           benchmark 5: the mirror's database, sqlite or postgres (default sqlite)
  --e2e-poll-ms <ms>      benchmark 5: the connector's POLL_INTERVAL_MS (default ${CONNECTOR_DEFAULT_POLL_MS}, the connector's default)
  --e2e-poll-min-ms <ms>  benchmark 5: the connector's POLL_MIN_INTERVAL_MS (default ${CONNECTOR_DEFAULT_POLL_MIN_MS}, the connector's default)
  --snapshot-events <n>   benchmark 6: history events generating the world (default ${FULL.snapshotEvents}; quick ${QUICK.snapshotEvents})
  --snapshot-orgs <n>     benchmark 6: organizations of the world (default ${FULL.snapshotOrganizations}; quick ${QUICK.snapshotOrganizations})
  --snapshot-settings <l> benchmark 6: latency ms:requests/s pairs (default ${SNAPSHOT_SETTINGS})
  --keyed-events <n>      benchmark 7: events in the one-partition topic, one effect each (default ${FULL.keyedEvents}; quick ${QUICK.keyedEvents})
  --keyed-orgs <n>        benchmark 7: organizations the events take turns between (default 40)
  --keyed-latency-ms <ms> benchmark 7: the receiver's time per call (default 40)
  --keyed-in-flight <n>   benchmark 7: the notifier's records in flight per partition (default ${DEFAULT_NOTIFIER_MAX_IN_FLIGHT}, NOTIFIER_MAX_IN_FLIGHT's default)
  --keyed-db <db>         benchmark 7: the effect ledger's database, sqlite or postgres (default sqlite)
  --database-url <url>    PostgreSQL (default DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
Broker and registry: KAFKA_BROKERS and SCHEMA_REGISTRY_URL when both are set, else a local stack is started and stopped.`;

/** Parses `argv`; throws one Error listing every bad flag. */
export function parseBenchOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      only: { type: 'string' },
      reps: { type: 'string' },
      events: { type: 'string' },
      partitions: { type: 'string' },
      'latency-events': { type: 'string' },
      'latency-ms': { type: 'string' },
      'mirror-events': { type: 'string' },
      'mirror-db': { type: 'string' },
      'raw-batch': { type: 'string' },
      'replay-events': { type: 'string' },
      'replay-db': { type: 'string' },
      'e2e-rates': { type: 'string' },
      'e2e-seconds': { type: 'string' },
      'e2e-db': { type: 'string' },
      'e2e-poll-ms': { type: 'string' },
      'e2e-poll-min-ms': { type: 'string' },
      'snapshot-events': { type: 'string' },
      'snapshot-orgs': { type: 'string' },
      'snapshot-settings': { type: 'string' },
      'keyed-events': { type: 'string' },
      'keyed-orgs': { type: 'string' },
      'keyed-latency-ms': { type: 'string' },
      'keyed-in-flight': { type: 'string' },
      'keyed-db': { type: 'string' },
      'database-url': { type: 'string' },
    },
  });
  const problems: string[] = [];
  const base = values.quick ? QUICK : FULL;
  const int = (flag: string, raw: string | undefined, fallback: number, min = 1): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw.replaceAll('_', ''));
    if (!Number.isInteger(n) || n < min) problems.push(`--${flag} must be an integer ≥ ${min}, got "${raw}"`);
    return n;
  };
  const list = <T extends string>(flag: string, raw: string | undefined, allowed: readonly T[], fallback: readonly T[]): T[] => {
    if (raw === undefined) return [...fallback];
    const items = raw.split(',').map((s) => s.trim()).filter(Boolean);
    const bad = items.filter((item) => !(allowed as readonly string[]).includes(item));
    if (bad.length > 0 || items.length === 0) problems.push(`--${flag} takes ${allowed.join(', ')}; got "${raw}"`);
    return items as T[];
  };
  const dbs = ['sqlite', 'postgres'] as const;
  const options: BenchOptions = {
    quick: values.quick === true,
    only: list('only', values.only, BENCH_NAMES, BENCH_NAMES),
    reps: int('reps', values.reps, base.reps),
    connectorEvents: int('events', values.events, base.connectorEvents),
    partitions: int('partitions', values.partitions, 12),
    latencyEvents: int('latency-events', values['latency-events'], base.latencyEvents),
    latencyMs: int('latency-ms', values['latency-ms'], 150, 0),
    mirrorEvents: int('mirror-events', values['mirror-events'], base.mirrorEvents),
    mirrorDatabases: list('mirror-db', values['mirror-db'], dbs, dbs),
    rawBatchRows: int('raw-batch', values['raw-batch'], 500),
    replayEvents: int('replay-events', values['replay-events'], base.replayEvents),
    replayDatabase: list('replay-db', values['replay-db'], dbs, ['sqlite'])[0] ?? 'sqlite',
    e2eRates: values['e2e-rates'] === undefined ? [100, 1_000] : values['e2e-rates'].split(',').map((rate) => int('e2e-rates', rate.trim(), Number.NaN)),
    e2eSeconds: int('e2e-seconds', values['e2e-seconds'], base.e2eSeconds),
    e2eDatabase: list('e2e-db', values['e2e-db'], dbs, ['sqlite'])[0] ?? 'sqlite',
    e2ePollIntervalMs: int('e2e-poll-ms', values['e2e-poll-ms'], CONNECTOR_DEFAULT_POLL_MS),
    e2ePollMinIntervalMs: int('e2e-poll-min-ms', values['e2e-poll-min-ms'], CONNECTOR_DEFAULT_POLL_MIN_MS),
    snapshotEvents: int('snapshot-events', values['snapshot-events'], base.snapshotEvents),
    snapshotOrganizations: int('snapshot-orgs', values['snapshot-orgs'], base.snapshotOrganizations),
    snapshotSettings: (values['snapshot-settings'] ?? SNAPSHOT_SETTINGS).split(',').map((pair): SnapshotSetting => {
      const [latency, budget, extra] = pair.trim().split(':');
      const requestsPerSecond = Number(budget);
      // The connector's own bounds on its budget (connector/config.ts).
      if (extra !== undefined || !(requestsPerSecond > 0 && requestsPerSecond <= 100)) problems.push(`--snapshot-settings takes latency:requests/s pairs with 0 < requests/s ≤ 100, got "${pair}"`);
      return { latencyMs: int('snapshot-settings', latency, Number.NaN, 0), requestsPerSecond };
    }),
    keyedEvents: int('keyed-events', values['keyed-events'], base.keyedEvents),
    keyedOrganizations: int('keyed-orgs', values['keyed-orgs'], 40),
    keyedLatencyMs: int('keyed-latency-ms', values['keyed-latency-ms'], 40),
    keyedInFlight: int('keyed-in-flight', values['keyed-in-flight'], DEFAULT_NOTIFIER_MAX_IN_FLIGHT),
    keyedDatabase: list('keyed-db', values['keyed-db'], dbs, ['sqlite'])[0] ?? 'sqlite',
    databaseUrl: values['database-url'] ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
  };
  if (values['replay-db']?.includes(',')) problems.push('--replay-db takes one database');
  if (values['e2e-db']?.includes(',')) problems.push('--e2e-db takes one database');
  if (values['keyed-db']?.includes(',')) problems.push('--keyed-db takes one database');
  if (problems.length > 0) throw new Error(`bad flags:\n  ${problems.join('\n  ')}\n\n${USAGE}`);
  return Object.freeze(options);
}

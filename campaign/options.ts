/**
 * Command-line flags of `npm run campaign`, validated once into a frozen object. `--quick` swaps
 * in small defaults for a smoke run; explicit flags still win.
 */
import { parseArgs } from 'node:util';

/** How the broker is restarted mid-run. */
export type BrokerRestartMode = 'kill' | 'graceful' | 'none';

/** Every setting of one campaign run. */
export interface CampaignOptions {
  readonly quick: boolean;
  /** Events the emulator serves in total (history + live). */
  readonly events: number;
  /** Share of `events` present as history before the pipeline starts (0–1). */
  readonly historyShare: number;
  /** Seconds over which the live part of the stream arrives (the chaos window). */
  readonly liveSeconds: number;
  /** SIGKILLs of the connector (at least). */
  readonly connectorKills: number;
  /** SIGKILLs of the directory mirror and of the notifier, each (a target within the window). */
  readonly consumerKills: number;
  readonly brokerRestart: BrokerRestartMode;
  /** `sqlite` (a temp file shared by both consumers) or `postgres` (a fresh schema). */
  readonly database: 'sqlite' | 'postgres';
  readonly databaseUrl: string;
  readonly partitions: number;
  readonly organizations: number;
  /** Seeds the world and every chaos decision (timings still vary with the machine). */
  readonly seed: number;
  /** A line per kill on stderr, and the child logs kept even when the run passes. */
  readonly verbose: boolean;
}

// Each consumer SIGKILL stalls its group for about the 30 s session timeout (the dead member must
// expire before the group rebalances), so consumer kills dominate the run time; see
// campaign/README.md for the measured durations behind these defaults.
const FULL = { events: 100_000, liveSeconds: 480, connectorKills: 100, consumerKills: 24 };
const QUICK = { events: 5_000, liveSeconds: 60, connectorKills: 10, consumerKills: 3 };

/** Usage text for `--help`. */
export const USAGE = `usage: npm run campaign -- [flags]
  --quick                 smoke run: ${QUICK.events} events, ${QUICK.connectorKills} connector kills, ${QUICK.consumerKills} kills per consumer, ${QUICK.liveSeconds} s live
  --events <n>            events served in total (default ${FULL.events})
  --history-share <0-1>   share of them present before the start (default 0.3)
  --live-seconds <s>      the rest arrives live over this many seconds (default ${FULL.liveSeconds})
  --connector-kills <n>   SIGKILLs of the connector, at least (default ${FULL.connectorKills})
  --consumer-kills <n>    SIGKILLs of the mirror and of the notifier, each (default ${FULL.consumerKills})
  --broker-restart <m>    kill | graceful | none (default kill; skipped when KAFKA_BROKERS is set)
  --database <db>         sqlite | postgres (default sqlite)
  --database-url <url>    PostgreSQL (default DATABASE_URL or postgres://postgres@127.0.0.1:5432/test)
  --partitions <n>        partitions of the events topic (default 12)
  --organizations <n>     organizations in the emulated world (default 50)
  --seed <n>              world and chaos seed (default 1)
  --verbose               a line per kill; keep the child logs even when the run passes
Broker and registry: KAFKA_BROKERS and SCHEMA_REGISTRY_URL when both are set, else a local stack.`;

/** Parses `argv`; throws one Error listing every bad flag. */
export function parseCampaignOptions(argv: readonly string[], env: NodeJS.ProcessEnv = process.env): CampaignOptions {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      quick: { type: 'boolean', default: false },
      events: { type: 'string' },
      'history-share': { type: 'string' },
      'live-seconds': { type: 'string' },
      'connector-kills': { type: 'string' },
      'consumer-kills': { type: 'string' },
      'broker-restart': { type: 'string' },
      database: { type: 'string' },
      'database-url': { type: 'string' },
      partitions: { type: 'string' },
      organizations: { type: 'string' },
      seed: { type: 'string' },
      verbose: { type: 'boolean', default: false },
    },
  });
  const problems: string[] = [];
  const base = values.quick ? QUICK : FULL;
  const num = (flag: string, raw: string | undefined, fallback: number, min: number, max = Infinity, integer = true): number => {
    if (raw === undefined) return fallback;
    const n = Number(raw.replaceAll('_', ''));
    if ((integer && !Number.isInteger(n)) || !(n >= min && n <= max)) problems.push(`--${flag} must be ${integer ? 'an integer' : 'a number'} in [${min}, ${max}], got "${raw}"`);
    return n;
  };
  const oneOf = <T extends string>(flag: string, raw: string | undefined, allowed: readonly T[], fallback: T): T => {
    if (raw === undefined) return fallback;
    if (!(allowed as readonly string[]).includes(raw)) problems.push(`--${flag} takes ${allowed.join(' | ')}, got "${raw}"`);
    return raw as T;
  };
  const options: CampaignOptions = {
    quick: values.quick === true,
    events: num('events', values.events, base.events, 100),
    historyShare: num('history-share', values['history-share'], 0.3, 0, 1, false),
    liveSeconds: num('live-seconds', values['live-seconds'], base.liveSeconds, 5),
    connectorKills: num('connector-kills', values['connector-kills'], base.connectorKills, 0),
    consumerKills: num('consumer-kills', values['consumer-kills'], base.consumerKills, 0),
    brokerRestart: oneOf('broker-restart', values['broker-restart'], ['kill', 'graceful', 'none'] as const, 'kill'),
    database: oneOf('database', values.database, ['sqlite', 'postgres'] as const, 'sqlite'),
    databaseUrl: values['database-url'] ?? env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    partitions: num('partitions', values.partitions, 12, 1),
    organizations: num('organizations', values.organizations, 50, 1),
    seed: num('seed', values.seed, 1, 0),
    verbose: values.verbose === true,
  };
  if (problems.length > 0) throw new Error(`invalid flags:\n  ${problems.join('\n  ')}\n\n${USAGE}`);
  return Object.freeze(options);
}

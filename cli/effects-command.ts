/**
 * `workos-kafka effects`: the notifier's effects that need a look, from its ledger (in doubt:
 * claimed by a run that never recorded an outcome; failed: the sender's retries ran out), and
 * `--release` or `--retry` of selected ones. Dry run unless `--apply`, like `reset-cursor` and
 * `replay`. Reads the database and delivery settings the notifier reads.
 */
import { existsSync } from 'node:fs';
import type { z } from 'zod';
import { DATABASE_SETTINGS, databaseConfigOf } from '../consumers/config/consumer-env.js';
import { describeDatabase, openDatabase, type DatabaseConfig } from '../consumers/db/open-database.js';
import {
  listAttention,
  releaseEntries,
  retryEntries,
  selectEntries,
  selectionProblems,
  type ActionReport,
  type AttentionEntry,
  type EffectSelection,
} from '../consumers/notifier/effects-admin.js';
import { NOTIFIER_DELIVERY_SETTINGS } from '../consumers/notifier/notifier-config.js';
import { inDoubtAfterMs, senderRetryPolicy, sendersFromSettings } from '../consumers/notifier/senders/configured-senders.js';
import { createSqlEffectLedger, type SqlEffectLedger } from '../consumers/notifier/sql-effect-ledger.js';
import { checkAll, configurationError, parseEnv } from '../core/env-config.js';
import { createLogger } from '../core/logger.js';
import type { RoleContext } from '../core/role-context.js';
import { LOG_LEVEL } from '../core/settings/common-settings.js';
import { settingsSchema } from '../core/settings/settings-schema.js';

/** What `workos-kafka effects` reads: where the ledger is, and where `--retry` sends. */
export const EFFECTS_SETTINGS = [...DATABASE_SETTINGS, ...NOTIFIER_DELIVERY_SETTINGS, LOG_LEVEL] as const;

const effectsSchema = settingsSchema(EFFECTS_SETTINGS, 'effects');

/** The command's own options, as given. */
export interface EffectsOptions {
  readonly release: boolean;
  readonly retry: boolean;
  readonly event: readonly string[];
  readonly effect: readonly string[];
  readonly all: boolean;
  readonly apply: boolean;
  readonly json: boolean;
}

/** The parsed `workos-kafka effects`. */
export type EffectsConfig = Readonly<z.output<typeof effectsSchema>> & {
  readonly action: 'list' | 'release' | 'retry';
  readonly selection: EffectSelection;
  readonly apply: boolean;
  readonly json: boolean;
};

/** Validates the settings and options together; throws `CONFIG_INVALID` listing every problem. */
export function loadEffectsConfig(values: Record<string, string | undefined>, options: EffectsOptions): EffectsConfig {
  const action = options.release ? 'release' : options.retry ? 'retry' : 'list';
  const selection: EffectSelection = { eventIds: [...options.event], effects: [...options.effect], all: options.all };
  const [settings] = checkAll('effects', [
    () => parseEnv(effectsSchema, values, 'effects'),
    () => {
      const problems = [...(options.release && options.retry ? ['--release, --retry: give one of them'] : []), ...selectionProblems(action, selection, options.apply)];
      if (problems.length > 0) throw configurationError('effects', problems);
    },
  ]);
  return Object.freeze({ ...settings, action, selection, apply: options.apply, json: options.json });
}

/** The listing and what the action did, as `--json` prints it. */
export interface EffectsReport {
  readonly database: string;
  readonly inDoubt: number;
  readonly inFlight: number;
  readonly failed: number;
  readonly entries: readonly ReturnType<typeof entryJson>[];
  readonly action: { readonly kind: 'release' | 'retry'; readonly applied: boolean; readonly results: readonly ActionReport[] } | null;
}

/**
 * Lists, then releases or retries the selected rows. Rejects (exit 1) when an applied retry
 * failed, or when an action's selection matched no row it can act on.
 */
export async function runEffects(config: EffectsConfig, context: RoleContext): Promise<void> {
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr });
  const database = databaseConfigOf(config);
  const ledger = await openLedger(database);
  try {
    const inDoubtAfter = inDoubtAfterMs(config);
    const listed = await listAttention(ledger, inDoubtAfter);
    const selected = config.action === 'list' ? [] : selectEntries(listed, config.selection);
    const results =
      config.action === 'release'
        ? await releaseEntries(ledger, selected, config.apply)
        : config.action === 'retry'
          ? await retryEntries(ledger, selected, {
              senders: sendersFromSettings(config, logger),
              policy: senderRetryPolicy(config),
              logger,
              apply: config.apply,
              signal: context.signal,
            })
          : [];
    const report: EffectsReport = {
      database: describeDatabase(database),
      inDoubt: listed.filter((row) => row.state === 'in-doubt').length,
      inFlight: listed.filter((row) => row.state === 'in-flight').length,
      failed: listed.filter((row) => row.state === 'failed').length,
      entries: listed.map(entryJson),
      action: config.action === 'list' ? null : { kind: config.action, applied: config.apply, results },
    };
    if (config.json) context.print(JSON.stringify(report));
    else printReport(report, listed, inDoubtAfter, context.print);
    if (config.action !== 'list' && selected.length === 0) throw new Error(`--${config.action}: no in-doubt or failed effect matches the selection (effects in flight are never touched)`);
    const failed = results.filter((result) => result.result === 'failed' || result.result === 'interrupted');
    if (failed.length > 0) throw new Error(`${failed.length} of ${results.length} retried effect(s) did not go through`);
  } finally {
    await ledger.close();
  }
}

/**
 * Opens the ledger, refusing a database that has none: a wrong SQLITE_PATH would otherwise be a
 * fresh empty file that lists nothing. Migrating adds the requests table to a ledger made by an
 * older notifier.
 */
async function openLedger(database: DatabaseConfig): Promise<SqlEffectLedger> {
  if (database.kind === 'sqlite' && database.path !== ':memory:' && !existsSync(database.path)) {
    throw new Error(`no database at SQLITE_PATH=${database.path}; give the SQLITE_PATH (or DATABASE_URL) the notifier uses`);
  }
  const ledger = createSqlEffectLedger(await openDatabase(database));
  try {
    await ledger.counts().catch((err: unknown) => {
      throw new Error(`no effect ledger in ${describeDatabase(database)} (has the notifier run against it?): ${err instanceof Error ? err.message : String(err)}`);
    });
    await ledger.migrate();
    return ledger;
  } catch (err) {
    await ledger.close();
    throw err;
  }
}

function entryJson({ entry, state, storedRequest }: AttentionEntry) {
  return {
    state,
    effect: entry.effect,
    eventId: entry.eventId,
    idempotencyKey: entry.idempotencyKey,
    attempts: entry.attempts,
    claimedAt: new Date(entry.startedAtMs).toISOString(),
    finishedAt: entry.finishedAtMs === null ? null : new Date(entry.finishedAtMs).toISOString(),
    lastError: entry.lastError,
    storedRequest,
  };
}

const STATE_LABEL = { 'in-doubt': 'in doubt ', 'in-flight': 'in flight', failed: 'failed   ' } as const;

const RESULT_TEXT: Record<ActionReport['result'], string> = {
  'would-release': 'would release (dry run)',
  'would-retry': 'would send again with its idempotency key (dry run)',
  released: 'released: the next delivery or replay of its event may send it',
  sent: 'sent again with its idempotency key; done',
  failed: 'FAILED',
  changed: 'left alone: another run changed it since it was listed',
  'no-stored-request': 'cannot retry: no stored request (claimed by an older notifier); --release it and replay its event instead',
  interrupted: 'interrupted; still in doubt',
};

function printReport(report: EffectsReport, listed: readonly AttentionEntry[], inDoubtAfter: number, print: (line: string) => void): void {
  print(`effect ledger ${report.database}: ${report.inDoubt} in doubt, ${report.failed} failed, ${report.inFlight} in flight`);
  for (const { entry, state } of listed) {
    const attempts = `${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}`;
    const when = state === 'failed' ? `failed ${iso(entry.finishedAtMs)} after ${attempts}: ${entry.lastError ?? 'no message'}` : `claimed ${iso(entry.startedAtMs)} (${age(entry.startedAtMs)} ago), ${attempts}`;
    print(`  ${STATE_LABEL[state]}  ${entry.idempotencyKey}  ${when}`);
  }
  if (report.inFlight > 0) print(`(in flight: claimed less than ${Math.round(inDoubtAfter / 60_000)} min ago, a notifier may be sending it now; never acted on)`);
  if (report.action === null) {
    if (report.inDoubt + report.failed > 0) print('act on them with --release or --retry, selected by --event <id…>, --effect <name…> or --all (dry run unless --apply)');
    return;
  }
  for (const result of report.action.results) print(`  ${report.action.kind} ${result.idempotencyKey}: ${RESULT_TEXT[result.result]}${result.error === undefined ? '' : ` (${result.error})`}`);
  if (!report.action.applied && report.action.results.length > 0) print(`dry run: nothing changed. Add --apply to ${report.action.kind} ${report.action.results.length} effect(s).`);
}

function iso(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}

function age(ms: number): string {
  const seconds = Math.max(0, (Date.now() - ms) / 1000);
  return seconds < 120 ? `${seconds.toFixed(0)} s` : seconds < 7_200 ? `${(seconds / 60).toFixed(0)} min` : `${(seconds / 3_600).toFixed(1)} h`;
}

/**
 * The campaign's report: one plain-text table on stdout and the same figures as JSON in
 * `campaign/results/<timestamp>.json`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ChaosResult } from './chaos.js';
import type { CheckResults } from './checks.js';
import type { DoorbellReport } from './doorbell.js';
import type { FinishResult } from './finish.js';
import type { KillStats } from './kill-loop.js';
import type { CampaignOptions } from './options.js';
import type { UnplannedExit } from './role-process.js';

/** Everything one run reports. */
export interface CampaignReport {
  readonly startedAt: string;
  readonly command: string;
  readonly options: CampaignOptions;
  readonly environment: Readonly<Record<string, string | number>>;
  readonly served: { readonly total: number; readonly history: number; readonly live: number };
  readonly faultsServed: Readonly<Record<string, number>>;
  readonly doorbell: DoorbellReport;
  readonly durationsMs: Readonly<Record<string, number>>;
  readonly chaos: ChaosResult;
  readonly finish: Omit<FinishResult, 'read'> & { readonly committedRecords: number };
  readonly checks: CheckResults;
  readonly unplannedExits: readonly UnplannedExit[];
  readonly violations: readonly string[];
  readonly logs: string;
}

const n = (value: number): string => value.toLocaleString('en-US');
const s = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const kills = (k: KillStats): string =>
  `${n(k.kills)} of ${n(k.target)} (mid-work ${k.midWork}, start-up ${k.duringStartup}, no progress seen ${k.withoutProgress}; ${new Set(k.positions).size} distinct positions)`;

const doorbellLine = (d: DoorbellReport): string =>
  `on, both replicas; ${n(d.webhooks.events)} events × ${d.replicas} endpoints, delay ${d.delayMs} ms, loss ${d.lossProbability * 100} %, duplicates ${d.duplicateProbability * 100} %, fallback poll ${s(d.fallbackPollMs)}`;

/** The table. */
export function formatReport(r: CampaignReport): string {
  const { chaos, checks, finish } = r;
  const e = checks.events;
  const f = checks.effects;
  const exitsOf = (role: string): number => r.unplannedExits.filter((x) => x.role === role).length;
  const broker =
    chaos.brokerRestartSkipped !== undefined
      ? `skipped: ${chaos.brokerRestartSkipped}`
      : chaos.brokerRestarts.map((b) => `${b.mode} at ${b.atSecond} s, down ${s(b.downMs)}`).join('; ') || 'none';
  const rows: [string, string][] = [
    ['events served (history + live)', `${n(r.served.total)} (${n(r.served.history)} + ${n(r.served.live)})`],
    ['duration: total', s(r.durationsMs.total ?? 0)],
    ['  stack start / chaos window', `${s(r.durationsMs.stack ?? 0)} / ${s(chaos.durationMs)}`],
    ['  connector catch-up / independent read', `${s(finish.connectorCatchUpMs)} / ${s(finish.readMs)}`],
    ['  consumers catch-up / checks', `${s(finish.consumersCatchUpMs)} / ${s(checks.checkMs)}`],
    ['connector SIGKILLs', kills(chaos.kills.connector)],
    ['directory mirror SIGKILLs', kills(chaos.kills.mirror)],
    ['notifier SIGKILLs', kills(chaos.kills.notifier)],
    ['unplanned exits (connector / mirror / notifier)', `${exitsOf('connector')} / ${exitsOf('directory-mirror')} / ${exitsOf('notifier')}`],
    ['broker restarts', broker],
    ['WorkOS requests / 429 / 500 / 502 served', `${n(r.faultsServed.total ?? 0)} / ${n(r.faultsServed['429'] ?? 0)} / ${n(r.faultsServed['500'] ?? 0)} / ${n(r.faultsServed['502'] ?? 0)}`],
    ['webhook doorbell', doorbellLine(r.doorbell)],
    ['  webhooks sent / lost / duplicated', `${n(r.doorbell.webhooks.sent)} / ${n(r.doorbell.webhooks.lost)} / ${n(r.doorbell.webhooks.duplicates)}`],
    ['  answered 2xx / other / no answer', `${n(r.doorbell.webhooks.answered2xx)} / ${n(r.doorbell.webhooks.answeredOther)} / ${n(r.doorbell.webhooks.failed)} (a killed replica answers nothing)`],
    ['fault storms (bursts)', Object.entries(chaos.stormBursts).map(([kind, count]) => `${kind} ×${count}`).join(', ') || 'none'],
    ['committed records read (independent reader)', `${n(finish.committedRecords)} on ${n(e.keys)} keys`],
    ['lost / duplicated / unexpected', `${n(e.lost)} / ${n(e.duplicated)} / ${n(e.unexpected)}`],
    ['out of order within key / split keys', `${n(e.outOfOrder)} / ${n(e.splitKeys)}`],
    ['value ≠ served / undecodable / key ≠ organization', `${n(e.valueMismatches)} / ${n(e.undecodable)} / ${n(e.keyMismatches)}`],
    ['mirror rows: model / stored', `${n(checks.mirror.modelRows)} / ${n(checks.mirror.storedRows)}`],
    ['mirror diffs: missing / extra / different', `${n(checks.mirror.missing)} / ${n(checks.mirror.extra)} / ${n(checks.mirror.different)}`],
    ['effects planned / delivered', `${n(f.planned)} / ${n(f.delivered)}`],
    ['effects delivered twice (keys, extra calls)', `${n(f.duplicateKeys)}, ${n(f.extraDeliveries)}`],
    ['ledger done / in doubt / failed', `${n(f.ledger.done)} / ${n(f.ledger.started)} (delivered ${f.inDoubtDelivered}, not ${f.inDoubtNotDelivered}) / ${n(f.ledger.failed)}`],
    ['ledger inconsistencies', `no row ${f.missingFromLedger}, done-not-delivered ${f.doneNotDelivered}, delivered-unclaimed ${f.deliveredWithoutClaim}`],
    ['dead letters (mirror / notifier)', `${checks.deadLetters.mirror} / ${checks.deadLetters.notifier}`],
    ['verdict', r.violations.length === 0 ? 'PASS: no violation' : `FAIL: ${r.violations.length} violation(s)`],
  ];
  const width = Math.max(...rows.map(([label]) => label.length));
  const lines = [`WorkOS fault campaign (${r.options.quick ? 'quick' : 'full'}), ${r.startedAt}, stack: ${r.environment.stack}`, ''];
  for (const [label, value] of rows) lines.push(`${label.padEnd(width)}  ${value}`);
  for (const violation of r.violations) lines.push(`  VIOLATION ${violation}`);
  for (const [kind, list] of Object.entries({ ...e.samples, ...f.samples })) lines.push(`  sample ${kind}: ${list.join(', ')}`);
  for (const line of checks.mirror.samples) lines.push(`  sample mirror: ${line}`);
  for (const exit of r.unplannedExits) lines.push(`  note: ${exit.role} exited on its own (${exit.exit}) at ${exit.at}; restarted`);
  return `${lines.join('\n')}\n`;
}

/** Writes the JSON report; returns its path. */
export function writeJsonReport(report: CampaignReport): string {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const path = `${dir}${report.startedAt.replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`;
  writeFileSync(path, `${JSON.stringify(report, (_key, value: unknown) => (typeof value === 'bigint' ? value.toString() : value), 2)}\n`);
  return path;
}

/**
 * The report: one plain-text table on stdout and the same data as JSON in
 * `bench/results/<timestamp>.json` (gitignored).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { BENCH_NAMES, type BenchName } from './options.js';
import { median, round } from './stats.js';

/** One measured quantity: its repetitions and their median. */
export interface Measurement {
  readonly label: string;
  readonly unit: string;
  readonly median: number;
  readonly reps: readonly number[];
}

/** A goal from the brief and whether this run met it. */
export interface Target {
  readonly description: string;
  readonly value: number;
  readonly threshold: number;
  readonly met: boolean;
}

/** Everything one benchmark reports. */
export interface BenchResult {
  readonly name: BenchName;
  readonly title: string;
  readonly settings: Readonly<Record<string, string | number | boolean>>;
  readonly measurements: readonly Measurement[];
  readonly targets: readonly Target[];
  readonly notes: readonly string[];
  readonly durationMs: number;
}

/** A measurement from its repetitions. */
export function measured(label: string, unit: string, reps: readonly number[]): Measurement {
  return { label, unit, median: median(reps), reps };
}

/** A target met when `value ≥ threshold`. */
export function atLeast(description: string, value: number, threshold: number): Target {
  return { description, value, threshold, met: value >= threshold };
}

/** A note when the connector's `run()` rejected on shutdown instead of returning (see bench/README.md). */
export function stopNotes(stopErrors: readonly string[], runs: number): string[] {
  if (stopErrors.length === 0) return [];
  return [`connector run() rejected after abort in ${stopErrors.length} of ${runs} runs ("${stopErrors[0]}") instead of returning cleanly`];
}

/** A note when connector runs had to be restarted because their start-up failed. */
export function startupNotes(failures: readonly string[]): string[] {
  if (failures.length === 0) return [];
  return [`${failures.length} connector start-up(s) failed and were rerun with fresh names (not timed): "${failures[0]}"`];
}

const fmt = (value: number): string => (Number.isFinite(value) ? round(value).toLocaleString('en-US') : String(value));

function settingsLine(settings: Readonly<Record<string, string | number | boolean>>): string {
  return Object.entries(settings)
    .map(([key, value]) => `${key}=${typeof value === 'number' ? fmt(value) : String(value)}`)
    .join('  ');
}

/** The whole report as text. */
export function formatReport(environment: Readonly<Record<string, string | number | boolean>>, results: readonly BenchResult[]): string {
  const lines: string[] = ['', `workos-kafka benchmarks  ${settingsLine(environment)}`];
  for (const result of results) {
    lines.push('', `== ${BENCH_NAMES.indexOf(result.name) + 1}. ${result.title}  (${(result.durationMs / 1000).toFixed(1)} s incl. setup)`);
    lines.push(`   settings: ${settingsLine(result.settings)}`);
    const width = Math.max(34, ...result.measurements.map((m) => m.label.length + 2));
    lines.push(`   ${'measurement'.padEnd(width)}${'median'.padStart(12)}  ${'unit'.padEnd(10)}  repetitions`);
    for (const m of result.measurements) {
      lines.push(`   ${m.label.padEnd(width)}${fmt(m.median).padStart(12)}  ${m.unit.padEnd(10)}  ${m.reps.map(fmt).join(', ')}`);
    }
    for (const target of result.targets) {
      lines.push(`   target: ${target.description} ≥ ${fmt(target.threshold)}: ${fmt(target.value)}  ${target.met ? 'MET' : 'MISSED'}`);
    }
    for (const note of result.notes) lines.push(`   note: ${note}`);
  }
  return `${lines.join('\n')}\n`;
}

/** Writes the JSON report; returns its path. */
export function writeJsonReport(startedAt: Date, document: unknown): string {
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  mkdirSync(dir, { recursive: true });
  const path = `${dir}${startedAt.toISOString().replaceAll(':', '-').replace(/\.\d+Z$/, 'Z')}.json`;
  writeFileSync(path, `${JSON.stringify(document, (_key, value: unknown) => (typeof value === 'number' ? round(value) : value), 2)}\n`);
  return path;
}

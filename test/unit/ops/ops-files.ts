/**
 * Reads the shipped ops files for the tests: the rules (names and expressions), the promtool
 * tests (which alerts they cover, firing or not) and the Grafana dashboard (every query). The
 * rules are read line by line rather than with a YAML library (none is a dependency); the
 * format is ours, and `prometheus-rules.test.ts` checks the count against promtool's own.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DASHBOARD_FILE, RULE_TESTS_DIR, RULES_FILE } from './ops-tools.js';
import { templateQueryExpr } from './promql-names.js';

/** One rule of the rules file. */
export interface RuleEntry {
  readonly kind: 'alert' | 'record';
  readonly name: string;
  readonly expr: string;
  /** `for`, `severity`, `summary`, `description`, `runbook_url` as written, where present. */
  readonly fields: Readonly<Record<string, string>>;
}

const FIELDS = ['for', 'severity', 'summary', 'description', 'runbook_url'];

/** Every rule in `text` (the rules file's content). */
export function parseRules(text: string): RuleEntry[] {
  const lines = text.split('\n');
  const rules: { kind: 'alert' | 'record'; name: string; expr?: string; fields: Record<string, string> }[] = [];
  for (let i = 0; i < lines.length; i += 1) {
    const line = lines[i] as string;
    const start = /^\s*- (alert|record):\s*(\S+)\s*$/.exec(line);
    if (start) {
      rules.push({ kind: start[1] as 'alert' | 'record', name: start[2] as string, fields: {} });
      continue;
    }
    const current = rules.at(-1);
    if (current === undefined) continue;
    const expr = /^(\s*)expr:\s*(.*?)\s*$/.exec(line);
    if (expr) {
      const [, indent, value] = expr as unknown as [string, string, string];
      if (/^[|>][-+]?$/.test(value)) {
        // A block scalar: the following lines indented deeper than `expr:` (blank ones included).
        const body: string[] = [];
        while (i + 1 < lines.length && (/^\s*$/.test(lines[i + 1] as string) || leading(lines[i + 1] as string) > indent.length)) body.push((lines[(i += 1)] as string).trim());
        current.expr = body.join('\n').trim();
      } else current.expr = unquote(value);
      continue;
    }
    const field = /^\s*(\w+):\s*(.+?)\s*$/.exec(line);
    if (field && FIELDS.includes(field[1] as string)) current.fields[field[1] as string] = unquote(field[2] as string);
  }
  return rules.map((rule) => {
    if (rule.expr === undefined || rule.expr === '') throw new Error(`rule ${rule.name} has no expr the reader understood`);
    return { ...rule, expr: rule.expr };
  });
}

function leading(line: string): number {
  return line.length - line.trimStart().length;
}

function unquote(value: string): string {
  if (/^".*"$/.test(value)) return JSON.parse(value) as string;
  if (/^'.*'$/.test(value)) return value.slice(1, -1).replace(/''/g, "'");
  return value;
}

/** The shipped rules. */
export function shippedRules(): RuleEntry[] {
  return parseRules(readFileSync(RULES_FILE, 'utf8'));
}

/** The promtool test files, absolute paths. */
export function ruleTestFiles(): string[] {
  return readdirSync(RULE_TESTS_DIR)
    .filter((file) => file.endsWith('.yml'))
    .sort()
    .map((file) => join(RULE_TESTS_DIR, file));
}

/** Per alert name: how many promtool cases expect it firing and how many expect nothing. */
export function alertCoverage(testTexts: readonly string[]): Map<string, { firing: number; silent: number }> {
  const coverage = new Map<string, { firing: number; silent: number }>();
  for (const text of testTexts) {
    for (const match of text.matchAll(/alertname:\s*(\S+)\s*\n\s*exp_alerts:[ \t]*(\[\])?/g)) {
      const entry = coverage.get(match[1] as string) ?? { firing: 0, silent: 0 };
      if (match[2] === undefined) entry.firing += 1;
      else entry.silent += 1;
      coverage.set(match[1] as string, entry);
    }
  }
  return coverage;
}

/** One query of the dashboard, with where it is (for failure messages). */
export interface DashboardQuery {
  readonly where: string;
  readonly expr: string;
}

interface Panel {
  id?: number;
  title?: string;
  type?: string;
  targets?: { expr?: string; refId?: string }[];
  panels?: Panel[];
}

/** The dashboard as parsed JSON. */
export function shippedDashboard(): { panels: Panel[]; templating?: { list?: { name: string; type: string; query?: unknown }[] }; [key: string]: unknown } {
  return JSON.parse(readFileSync(DASHBOARD_FILE, 'utf8')) as ReturnType<typeof shippedDashboard>;
}

/** Every panel, rows' collapsed children included. */
export function allPanels(dashboard: { panels: Panel[] }): Panel[] {
  return dashboard.panels.flatMap((panel) => [panel, ...(panel.panels ?? [])]);
}

/** Every PromQL query in the dashboard: panel targets and template variable queries. */
export function dashboardQueries(dashboard: ReturnType<typeof shippedDashboard>): DashboardQuery[] {
  const queries: DashboardQuery[] = [];
  for (const panel of allPanels(dashboard)) {
    for (const target of panel.targets ?? []) {
      if (typeof target.expr !== 'string' || target.expr.trim() === '') throw new Error(`panel "${panel.title}" target ${target.refId} has no expr`);
      queries.push({ where: `panel "${panel.title}" ${target.refId}`, expr: target.expr });
    }
  }
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const query = typeof variable.query === 'string' ? variable.query : (variable.query as { query?: string } | undefined)?.query;
    if (typeof query !== 'string') throw new Error(`variable ${variable.name} has no query`);
    const expr = templateQueryExpr(query);
    if (expr !== null) queries.push({ where: `variable $${variable.name}`, expr });
  }
  return queries;
}

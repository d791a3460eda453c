/**
 * The metric names a PromQL expression reads, without a PromQL parser: strings, label matchers,
 * ranges, grouping clauses and Grafana variables are blanked out first, then every identifier
 * that is not a function call, keyword or number is a metric name. Strict on purpose: anything it
 * cannot classify ends up as a "name" and fails the caller's check rather than slipping through.
 */

const KEYWORDS = new Set(['and', 'or', 'unless', 'bool', 'offset', 'by', 'without', 'on', 'ignoring', 'group_left', 'group_right', 'inf', 'nan', 'start', 'end']);

/** Metric names (and recording-rule names) `expr` selects, in order of appearance, deduplicated. */
export function metricNamesIn(expr: string): string[] {
  if (expr.includes('__name__')) throw new Error(`selecting by __name__ is not supported here: ${expr}`);
  const blanked = expr
    // Strings first: they may hold braces, brackets or anything else.
    .replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""')
    .replace(/#[^\n]*/g, ' ')
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/\[[^\]]*\]/g, ' ')
    .replace(/\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' ')
    // Grafana variables outside strings: $var, ${var}, ${var:format}, [[var]] (already blanked).
    .replace(/\$\{[^}]*\}|\$\w+/g, ' ');
  const names: string[] = [];
  // A token starting with a digit is a number or duration (0.8, 1e3, 15m, 0x1f): skipped whole.
  for (const match of blanked.matchAll(/\d[\w.]*|([a-zA-Z_:][a-zA-Z0-9_:]*)(\s*\()?/g)) {
    const [, identifier, call] = match;
    if (identifier === undefined || call !== undefined || KEYWORDS.has(identifier.toLowerCase())) continue;
    if (!names.includes(identifier)) names.push(identifier);
  }
  return names;
}

/**
 * The PromQL inside a Grafana template variable query: `label_values(expr, label)` and
 * `query_result(expr)` hold one; `label_values(label)` and `label_names()` none.
 */
export function templateQueryExpr(query: string): string | null {
  const trimmed = query.trim();
  const labelValues = /^label_values\((.*),\s*\w+\s*\)$/s.exec(trimmed);
  if (labelValues) return labelValues[1] as string;
  if (/^label_values\(\s*\w+\s*\)$/.test(trimmed) || /^label_names\(\s*\)$/.test(trimmed)) return null;
  const queryResult = /^query_result\((.*)\)$/s.exec(trimmed);
  if (queryResult) return queryResult[1] as string;
  throw new Error(`unsupported template variable query: ${query}`);
}

import { describe, expect, it } from 'vitest';
import { metricNamesIn, templateQueryExpr } from './promql-names.js';

describe('metricNamesIn', () => {
  it('finds selectors, with or without matchers and ranges, and skips functions, keywords and numbers', () => {
    expect(metricNamesIn('sum by (job, group) (increase(workos_kafka_consumer_dead_letters_total{group=~"a|b"}[15m])) > 0')).toEqual(['workos_kafka_consumer_dead_letters_total']);
    expect(metricNamesIn('up{job="x"} == 0 or absent(up{job="x"})')).toEqual(['up']);
    expect(metricNamesIn('a_total unless a_total offset 15m')).toEqual(['a_total']);
    expect(metricNamesIn('histogram_quantile(0.99, sum by (le) (rate(h_seconds_bucket[5m])))')).toEqual(['h_seconds_bucket']);
    expect(metricNamesIn('x:rec:max > 0.8 * 30 * 86400 unless on (job) y:rec:bool')).toEqual(['x:rec:max', 'y:rec:bool']);
    expect(metricNamesIn('(a == 0) + 1\nand on (job)\n(b > 1e3)')).toEqual(['a', 'b']);
    expect(metricNamesIn('rate(a[5m:1m]) * on (job) group_left (version) b')).toEqual(['a', 'b']);
    expect(metricNamesIn('time() - c and c > 0')).toEqual(['c']);
  });

  it('ignores what strings, matchers and Grafana variables hold', () => {
    expect(metricNamesIn('sum by (group) (rate(m_total{group=~"$group", x="not_a_metric"}[$__rate_interval]))')).toEqual(['m_total']);
    expect(metricNamesIn('vector($budget)')).toEqual([]);
    expect(metricNamesIn('vector(${budget:raw})')).toEqual([]);
    expect(metricNamesIn('m # a comment naming other_metric')).toEqual(['m']);
  });

  it('reports an identifier it cannot classify as a name, so the caller fails on it', () => {
    // A misspelt `by` reads as a call; what it groups by then reads as a metric nobody exports.
    expect(metricNamesIn('sum(m) bye (job)')).toEqual(['m', 'job']);
    expect(() => metricNamesIn('{__name__=~"m.*"}')).toThrow(/__name__/);
  });
});

describe('templateQueryExpr', () => {
  it('takes the PromQL out of Grafana variable queries', () => {
    expect(templateQueryExpr('label_values(workos_kafka_consumer_records_total, group)')).toBe('workos_kafka_consumer_records_total');
    expect(templateQueryExpr('label_values(m{job="a"}, group)')).toBe('m{job="a"}');
    expect(templateQueryExpr('query_result(topk(5, m))')).toBe('topk(5, m)');
    expect(templateQueryExpr('label_values(job)')).toBeNull();
    expect(() => templateQueryExpr('metrics(workos_.*)')).toThrow(/unsupported/);
  });
});

import { describe, expect, it } from 'vitest';
import { parseTimestampMs, parseTimestampUs } from '../../../core/workos-timestamp.js';

describe('parseTimestampUs (lenient WorkOS timestamps)', () => {
  it('reads ISO-8601 with Z at millisecond precision', () => {
    expect(parseTimestampUs('2023-11-16T21:32:25.235Z')).toBe(Date.parse('2023-11-16T21:32:25.235Z') * 1000);
  });

  it('reads the SDK fixture form with a space, microseconds and no zone as UTC', () => {
    expect(parseTimestampUs('2020-05-06 04:21:48.649164')).toBe(Date.parse('2020-05-06T04:21:48.649Z') * 1000 + 164);
    expect(parseTimestampUs('2023-04-28 20:05:31.093')).toBe(Date.parse('2023-04-28T20:05:31.093Z') * 1000);
  });

  it('keeps microseconds so two updates in one millisecond still order', () => {
    const earlier = parseTimestampUs('2021-12-13 12:15:45.531847') as number;
    const later = parseTimestampUs('2021-12-13 12:15:45.531848') as number;
    expect(later - earlier).toBe(1);
  });

  it('honours explicit offsets and truncates nanoseconds', () => {
    expect(parseTimestampUs('2024-01-01T02:00:00+02:00')).toBe(Date.parse('2024-01-01T00:00:00Z') * 1000);
    expect(parseTimestampUs('2024-01-01T00:00:00.123456789Z')).toBe(Date.parse('2024-01-01T00:00:00.123Z') * 1000 + 456);
    expect(parseTimestampMs('2024-01-01 00:00:00')).toBe(Date.parse('2024-01-01T00:00:00Z'));
  });

  it('returns undefined for values that are not timestamps', () => {
    for (const bad of [undefined, null, 42, '', 'yesterday', '2024-13-01T00:00:00Z', '2023-02-30 00:00:00']) {
      expect(parseTimestampUs(bad)).toBeUndefined();
    }
  });

  it('reads a bare date as midnight UTC (the connector and the consumers share one parser)', () => {
    expect(parseTimestampUs('2024-01-01')).toBe(Date.UTC(2024, 0, 1) * 1000);
  });
});

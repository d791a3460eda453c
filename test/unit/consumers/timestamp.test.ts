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

describe('parseTimestampUs: the ISO millisecond form read without the regex', () => {
  it('gives what the general path gives for the same instant, valid or not', () => {
    // ' Z' sends the same text through the regex path (it allows blanks before the zone).
    const general = (iso: string): number | undefined => parseTimestampUs(iso.replace('Z', ' Z'));
    const samples = ['2023-11-16T21:32:25.235Z', '2024-02-29T23:59:59.999Z', '2023-02-29T00:00:00.000Z', '2023-04-31T12:00:00.000Z', '2024-12-31T00:00:00.000Z', '0050-01-01T00:00:00.000Z'];
    for (let i = 0; i < 400; i += 1) {
      const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
      samples.push(`${1990 + (i % 60)}-${pad(1 + (i % 13))}-${pad(1 + ((i * 7) % 32))}T${pad((i * 5) % 25)}:${pad((i * 11) % 61)}:${pad((i * 13) % 61)}.${pad((i * 37) % 1000, 3)}Z`);
    }
    for (const iso of samples) expect(parseTimestampUs(iso), iso).toBe(general(iso));
    expect(samples.filter((iso) => parseTimestampUs(iso) === undefined).length).toBeGreaterThan(50);
  });

  it('refuses near misses of the form', () => {
    for (const bad of ['2023-11-16T21:32:25.23xZ', '2023-11-16 21:32:25.235Z!', '2023-11-16T24:00:00.000Z', '2023-00-10T00:00:00.000Z']) {
      expect(parseTimestampUs(bad)).toBeUndefined();
    }
  });
});

/**
 * Lenient WorkOS timestamp parsing. WorkOS is not uniform: recent payloads use ISO-8601 with `Z`,
 * SDK fixtures carry `"2020-05-06 04:21:48.649164"` (space, microseconds, no zone) and
 * `"2023-04-28 20:05:31.093"`. The mirror compares versions at microsecond precision so two
 * updates inside one millisecond still order correctly; epoch microseconds fit a JS number
 * exactly until the year 2255.
 */

const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Parses a WorkOS timestamp into epoch **microseconds**. A missing zone means UTC (WorkOS
 * timestamps are UTC). Digits past the sixth fractional digit are truncated. Returns `undefined`
 * for anything that is not a recognisable timestamp (the caller decides what that means).
 */
export function parseTimestampUs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const match = TIMESTAMP.exec(value.trim());
  if (match === null) return undefined;
  const [, y, mo, d, h, mi, s = '0', fraction = '', zone = 'Z'] = match;
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(s);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return undefined;
  const wholeMs = Date.UTC(Number(y), month - 1, day, hour, minute, second);
  if (!Number.isFinite(wholeMs)) return undefined;
  const micros = Number(fraction.padEnd(6, '0').slice(0, 6));
  return (wholeMs - zoneOffsetMs(zone)) * 1000 + micros;
}

/** Like {@link parseTimestampUs}, in epoch milliseconds (floored). */
export function parseTimestampMs(value: unknown): number | undefined {
  const us = parseTimestampUs(value);
  return us === undefined ? undefined : Math.floor(us / 1000);
}

/** ISO-8601 (`…Z`, millisecond precision) of an epoch-microsecond value, for logs and reports. */
export function formatTimestampUs(us: number): string {
  return new Date(Math.floor(us / 1000)).toISOString();
}

function zoneOffsetMs(zone: string): number {
  if (zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  const hours = Number(digits.slice(0, 2));
  const minutes = Number(digits.slice(2) || '0');
  return sign * (hours * 60 + minutes) * 60_000;
}

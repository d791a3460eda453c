/**
 * Lenient WorkOS timestamp parsing, shared by the connector (lag, windows) and the consumers
 * (`updated_at` versions). WorkOS is not uniform: recent payloads use ISO-8601 with `Z`, SDK
 * fixtures carry `"2020-05-06 04:21:48.649164"` (space, microseconds, no zone) and
 * `"2023-04-28 20:05:31.093"`. A missing zone means UTC. Epoch microseconds fit a JS number
 * exactly until the year 2255, so two updates inside one millisecond still order correctly.
 */

// date, then optional time with `T` or a space, optional fraction, optional zone (Z, ±hh:mm, ±hhmm, ±hh).
const TIMESTAMP =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/**
 * Epoch **microseconds** of a WorkOS timestamp, or undefined when it names no real instant
 * (unparsable, or a calendar date like 2023-02-30). Digits past the sixth fractional one are
 * truncated.
 */
export function parseTimestampUs(value: unknown): number | undefined {
  if (typeof value !== 'string') return undefined;
  const iso = parseIsoMillisUs(value);
  if (iso !== undefined) return iso;
  const m = TIMESTAMP.exec(value.trim());
  if (m === null) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = m;
  const wholeMs = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  const check = new Date(wholeMs);
  // Date.UTC rolls 2023-02-30 over to March; a rollover means the text named no real instant.
  const fields = [check.getUTCMonth() + 1, check.getUTCDate(), check.getUTCHours(), check.getUTCMinutes(), check.getUTCSeconds()];
  if (fields.some((field, i) => field !== Number([mo, d, h, mi, s][i]))) return undefined;
  return (wholeMs - zoneOffsetMs(zone)) * 1000 + Number(fraction.padEnd(6, '0').slice(0, 6));
}

/**
 * `2023-11-16T21:32:25.235Z`, the form WorkOS sends today, read digit by digit: consumers parse two
 * timestamps per event, and the regex and the rollover check cost more than the rest of an event's
 * validation. Same result as the general path; undefined hands any other text (or an impossible
 * date) to it.
 */
function parseIsoMillisUs(value: string): number | undefined {
  if (value.length !== 24 || value.charCodeAt(23) !== 90 /* Z */) return undefined;
  for (const [at, char] of ISO_SEPARATORS) if (value.charCodeAt(at) !== char) return undefined;
  const y = digitsAt(value, 0, 4);
  const mo = digitsAt(value, 5, 2);
  const d = digitsAt(value, 8, 2);
  const h = digitsAt(value, 11, 2);
  const mi = digitsAt(value, 14, 2);
  const s = digitsAt(value, 17, 2);
  const ms = digitsAt(value, 20, 3);
  if (y < 0 || mo < 1 || mo > 12 || d < 1 || h < 0 || h > 23 || mi < 0 || mi > 59 || s < 0 || s > 59 || ms < 0) return undefined;
  const wholeMs = Date.UTC(y, mo - 1, d, h, mi, s);
  // Only a day past the month's end can roll over (2023-02-30 into March).
  if (d > 28 && new Date(wholeMs).getUTCDate() !== d) return undefined;
  return wholeMs * 1000 + ms * 1000;
}

/** Positions and char codes of `-`, `-`, `T`, `:`, `:`, `.` in the ISO form. */
const ISO_SEPARATORS: ReadonlyArray<readonly [number, number]> = [
  [4, 45],
  [7, 45],
  [10, 84],
  [13, 58],
  [16, 58],
  [19, 46],
];

/** The decimal number of `length` digits at `start`, or -1 if any is not a digit. */
function digitsAt(text: string, start: number, length: number): number {
  let n = 0;
  for (let i = start; i < start + length; i += 1) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    n = n * 10 + digit;
  }
  return n;
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

function zoneOffsetMs(zone: string | undefined): number {
  if (zone === undefined || zone.toUpperCase() === 'Z') return 0;
  const sign = zone.startsWith('-') ? -1 : 1;
  const digits = zone.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000;
}

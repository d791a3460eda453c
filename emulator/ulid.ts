/**
 * ULIDs as WorkOS uses them in event ids: 10 Crockford-base32 characters of millisecond time
 * followed by 16 characters (80 bits) of entropy. Implemented here rather than with the `ulid`
 * package so the entropy comes from the seeded PRNG and worlds are reproducible.
 */

/** Crockford's base32 alphabet (no I, L, O, U). */
export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

const TIME_LENGTH = 10;
const RANDOM_LENGTH = 16;
const MAX_TIME_MS = 2 ** 48 - 1;
const ULID_PATTERN = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** True when `value` is a syntactically valid 26-character ULID (upper case). */
export function isUlid(value: string): boolean {
  return ULID_PATTERN.test(value);
}

/**
 * Encodes a millisecond timestamp as the 10-character ULID time prefix.
 * @param ms Unix epoch milliseconds, 0 … 2^48−1.
 */
export function encodeUlidTime(ms: number): string {
  if (!Number.isInteger(ms) || ms < 0 || ms > MAX_TIME_MS) {
    throw new RangeError(`ULID time must be an integer in [0, 2^48), got ${ms}`);
  }
  let out = '';
  let rest = ms;
  for (let i = 0; i < TIME_LENGTH; i += 1) {
    out = CROCKFORD_ALPHABET.charAt(rest % 32) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/**
 * Decodes the time part of a ULID, or of an id carrying one after a prefix (`event_01…`).
 * @returns Unix epoch milliseconds.
 */
export function decodeUlidTime(idOrUlid: string): number {
  const ulid = idOrUlid.slice(-26);
  if (!isUlid(ulid)) throw new RangeError(`not a ULID: ${idOrUlid}`);
  let ms = 0;
  for (const ch of ulid.slice(0, TIME_LENGTH)) ms = ms * 32 + CROCKFORD_ALPHABET.indexOf(ch);
  return ms;
}

/**
 * A fresh (non-monotonic) ULID: time prefix plus 80 bits drawn from `random`.
 * @param ms Unix epoch milliseconds.
 * @param random uniform [0, 1) source, normally a seeded {@link Rng.next}.
 */
export function randomUlid(ms: number, random: () => number): string {
  let entropy = '';
  // Six 5-bit digits per 32-bit draw: three draws instead of sixteen.
  for (let word = 0; word < 3; word += 1) {
    let bits = Math.floor(random() * 4294967296);
    for (let i = 0; i < 6 && entropy.length < RANDOM_LENGTH; i += 1) {
      entropy += CROCKFORD_ALPHABET.charAt(bits & 31);
      bits >>>= 5;
    }
  }
  return encodeUlidTime(ms) + entropy;
}

/**
 * A monotonic ULID factory: within the same millisecond the entropy is incremented by one instead
 * of redrawn, so ids sort in generation order even when many share a timestamp. Callers must pass
 * non-decreasing times (the event store enforces this).
 * @param random uniform [0, 1) source for the entropy of each new millisecond.
 */
export function createMonotonicUlid(random: () => number): (ms: number) => string {
  let lastMs = -1;
  let lastTime = '';
  let digits: number[] = [];
  return (ms) => {
    if (ms === lastMs) {
      incrementBase32(digits);
    } else {
      if (ms < lastMs) throw new RangeError(`monotonic ULID time went backwards: ${ms} < ${lastMs}`);
      // The top digit stays below 16 so a burst can increment for a long time without overflow.
      digits = Array.from({ length: RANDOM_LENGTH }, (_, i) => Math.floor(random() * (i === 0 ? 16 : 32)));
      lastMs = ms;
      lastTime = encodeUlidTime(ms);
    }
    let entropy = '';
    for (const d of digits) entropy += CROCKFORD_ALPHABET.charAt(d);
    return lastTime + entropy;
  };
}

function incrementBase32(digits: number[]): void {
  for (let i = digits.length - 1; i >= 0; i -= 1) {
    const next = (digits[i] ?? 0) + 1;
    if (next < 32) {
      digits[i] = next;
      return;
    }
    digits[i] = 0;
  }
  throw new RangeError('ULID entropy overflow within one millisecond');
}

/**
 * The value types settings are written in: each takes the text of an environment variable, a
 * flag or a config-file entry and checks and converts it, with a message that names what is
 * expected. Shared by every role, so `5000`, `yes` or `a:9092, b:9092` mean the same everywhere.
 */
import { z } from 'zod';
import { parseBrokerList } from './broker-list.js';

/** A whole number within `[min, max]`, written in decimal. */
export function integerFrom(min: number, max: number = Number.MAX_SAFE_INTEGER) {
  const expected = max === Number.MAX_SAFE_INTEGER ? `a whole number ≥ ${min}` : `a whole number from ${min} to ${max}`;
  return z.coerce
    .number({ error: `must be ${expected}` })
    .int(`must be ${expected}`)
    .min(min, `must be ${expected}`)
    .max(max, `must be ${expected}`);
}

/** 1, 2, 3, … */
export const positiveInteger = integerFrom(1);

/** 0, 1, 2, … */
export const nonNegativeInteger = integerFrom(0);

/** A TCP port, 1–65535. */
export const portNumber = integerFrom(1, 65_535);

/** `true`/`false`, also `1`/`0` and `yes`/`no`. */
export const booleanText = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { error: 'must be true or false' })
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

/** Any non-empty text. */
export const nonEmptyText = z.string().min(1, 'must not be empty');

/** `a, b,c` → `['a', 'b', 'c']`; empty items dropped. */
export const commaList = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** `host:port[,host:port…]` → the addresses (see `broker-list.ts`). */
export const brokerList = z.string().transform((value, ctx) => {
  const { brokers, invalid } = parseBrokerList(value);
  if (brokers.length === 0 || invalid.length > 0) {
    const which = invalid.length > 0 ? `; not host:port: ${invalid.map((item) => `"${item}"`).join(', ')}` : '';
    ctx.addIssue({ code: 'custom', message: `must be host:port[,host:port…]${which}` });
    return z.NEVER;
  }
  return brokers;
});

/** Characters Kafka accepts in a topic name, and its length limit. */
const TOPIC_NAME = /^[A-Za-z0-9._-]{1,249}$/;

/** A name Kafka accepts for a topic: letters, digits, `.`, `_`, `-`, at most 249, not `.` or `..`. */
export const topicName = z
  .string()
  .refine((value) => TOPIC_NAME.test(value) && value !== '.' && value !== '..', 'must be a Kafka topic name (letters, digits, ".", "_", "-"; at most 249)');

/** Levels pino accepts, most severe first. */
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** One of {@link LOG_LEVELS}. */
export const logLevel = z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` });

/** An `http://` or `https://` URL. */
export const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

/** Any absolute URL. */
export const absoluteUrl = z.url({ error: 'must be an absolute URL' });

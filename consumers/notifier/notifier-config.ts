/**
 * The notifier's settings: the shared consumer settings plus where each effect is delivered.
 */
import type { z } from 'zod';
import { booleanText, httpUrl, nonEmptyText, positiveInteger } from '../../core/config-values.js';
import { parseEnv } from '../../core/env-config.js';
import { withKafkaSecurityChecks } from '../../core/kafka-security-env.js';
import { settingsSchema } from '../../core/settings/settings-schema.js';
import { defineSetting } from '../../core/settings/setting.js';
import { CONSUMER_SETTINGS } from '../config/consumer-env.js';
import { DEFAULT_NOTIFIER_GROUP_ID, DEFAULT_NOTIFIER_MAX_IN_FLIGHT } from './notifier-consumer.js';

export const NOTIFIER_WELCOME_URL = defineSetting({
  env: 'NOTIFIER_WELCOME_URL',
  group: 'Notifier',
  help: 'HTTP endpoint for welcome messages; each call carries Idempotency-Key: <effect>:<event id>',
  type: httpUrl,
  defaultText: 'log only',
});

export const NOTIFIER_DEPROVISION_URL = defineSetting({
  env: 'NOTIFIER_DEPROVISION_URL',
  group: 'Notifier',
  help: 'internal deprovisioning endpoint; each call carries Idempotency-Key: <effect>:<event id>',
  type: httpUrl,
  defaultText: 'log only',
});

/**
 * Default true: the key has been on every call since the first release and the README asks
 * receivers to dedupe on it; a deprovisioning call lost to a crash leaves access that should be
 * gone, while one sent twice with the same key is absorbed by such a receiver. A receiver that
 * cannot dedupe sets it false and keeps at most once.
 */
export const NOTIFIER_RECEIVER_IDEMPOTENT = defineSetting({
  env: 'NOTIFIER_RECEIVER_IDEMPOTENT',
  group: 'Notifier',
  help: 'true when the receivers at the NOTIFIER_*_URL endpoints apply each Idempotency-Key once: an effect a crash left in doubt is sent again with its key (none lost); false skips and reports it (at most once)',
  type: booleanText,
  default: 'true',
});

export const NOTIFIER_HTTP_TIMEOUT_MS = defineSetting({ env: 'NOTIFIER_HTTP_TIMEOUT_MS', group: 'Notifier', help: 'timeout of one HTTP attempt', unit: 'ms', type: positiveInteger, default: '5000' });

export const NOTIFIER_MAX_ATTEMPTS = defineSetting({ env: 'NOTIFIER_MAX_ATTEMPTS', group: 'Notifier', help: 'sender attempts per effect before the record is dead-lettered', type: positiveInteger, default: '5' });

export const NOTIFIER_RETRY_INITIAL_MS = defineSetting({
  env: 'NOTIFIER_RETRY_INITIAL_MS',
  group: 'Notifier',
  help: 'first backoff between sender attempts (doubles, capped at 10 s)',
  unit: 'ms',
  type: positiveInteger,
  default: '500',
});

/** See {@link DEFAULT_NOTIFIER_MAX_IN_FLIGHT} for why 16. */
export const NOTIFIER_MAX_IN_FLIGHT = defineSetting({
  env: 'NOTIFIER_MAX_IN_FLIGHT',
  group: 'Notifier',
  help: 'records of one partition handled at once, each of another organization (one organization\'s records always one after another; offsets committed below the lowest unfinished record); 1 = one record at a time',
  unit: 'records',
  type: positiveInteger,
  default: String(DEFAULT_NOTIFIER_MAX_IN_FLIGHT),
});

/** Where and how effects are delivered: what the notifier and `workos-kafka effects --retry` both read. */
export const NOTIFIER_DELIVERY_SETTINGS = [
  NOTIFIER_WELCOME_URL,
  NOTIFIER_DEPROVISION_URL,
  NOTIFIER_RECEIVER_IDEMPOTENT,
  NOTIFIER_HTTP_TIMEOUT_MS,
  NOTIFIER_MAX_ATTEMPTS,
  NOTIFIER_RETRY_INITIAL_MS,
] as const;

/** Every notifier setting (its metrics endpoint aside, see `run-notifier.ts`). */
export const NOTIFIER_SETTINGS = [
  ...CONSUMER_SETTINGS,
  defineSetting({ env: 'NOTIFIER_GROUP_ID', group: 'Notifier', help: "the notifier's consumer group", type: nonEmptyText, default: DEFAULT_NOTIFIER_GROUP_ID }),
  NOTIFIER_MAX_IN_FLIGHT,
  ...NOTIFIER_DELIVERY_SETTINGS,
] as const;

/** Every notifier setting, keyed by its environment variable. */
export const notifierEnvSchema = settingsSchema(NOTIFIER_SETTINGS, 'notifier');

/** The validated, frozen notifier configuration. */
export type NotifierConfig = Readonly<z.output<typeof notifierEnvSchema>>;

/** Validates the settings; throws `CONFIG_INVALID` listing every problem. */
export function loadNotifierConfig(env: Record<string, string | undefined>): NotifierConfig {
  return parseEnv(withKafkaSecurityChecks(notifierEnvSchema), env, 'notifier');
}

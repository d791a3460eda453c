/**
 * The notifier's environment: the shared consumer keys plus where each effect is delivered.
 */
import { withKafkaSecurityChecks } from '../../core/kafka-security-env.js';
import { z } from 'zod';
import { consumerEnvShape, parseEnv } from '../config/consumer-env.js';
import { DEFAULT_NOTIFIER_GROUP_ID } from './notifier-consumer.js';

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

/** Every notifier setting, keyed by its environment variable. */
export const notifierEnvSchema = z.object({
  ...consumerEnvShape,
  NOTIFIER_GROUP_ID: z.string().min(1).default(DEFAULT_NOTIFIER_GROUP_ID),
  KAFKA_CLIENT_ID: z.string().min(1).default('workos-notifier'),
  /** Receives welcome messages; unset = log them only. */
  NOTIFIER_WELCOME_URL: httpUrl.optional(),
  /** The internal deprovisioning endpoint; unset = log the calls only. */
  NOTIFIER_DEPROVISION_URL: httpUrl.optional(),
  /** Per-attempt HTTP timeout, ms. */
  NOTIFIER_HTTP_TIMEOUT_MS: positiveInt(5_000),
  /** Sender attempts per effect before the record is dead-lettered. */
  NOTIFIER_MAX_ATTEMPTS: positiveInt(5),
  /** First backoff between sender attempts, ms (doubles, capped at 10 s). */
  NOTIFIER_RETRY_INITIAL_MS: positiveInt(500),
});

/** The validated, frozen notifier configuration. */
export type NotifierConfig = Readonly<z.output<typeof notifierEnvSchema>>;

/** Validates the environment; throws `CONFIG_INVALID` listing every problem. */
export function loadNotifierConfig(env: Record<string, string | undefined> = process.env): NotifierConfig {
  return parseEnv(withKafkaSecurityChecks(notifierEnvSchema), env, 'notifier');
}

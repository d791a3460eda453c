import { z } from 'zod';
import { kafkaBrokersSetting, parseEnv } from '../core/env-config.js';
import { kafkaSecurityEnvShape, withKafkaSecurityChecks } from '../core/kafka-security-env.js';

/** Where to begin when no cursor is stored: `now`, `earliest` (as far back as retention allows) or an instant. */
export type StartPosition = { kind: 'now' } | { kind: 'earliest' } | { kind: 'timestamp'; at: Date };

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const flag = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'])
    .default(fallback ? 'true' : 'false')
    .transform((value) => value === 'true' || value === '1' || value === 'yes');
const list = z
  .string()
  .optional()
  .transform((value) => (value ?? '').split(',').map((item) => item.trim()).filter(Boolean));

function parseStart(value: string, ctx: z.RefinementCtx): StartPosition {
  if (value === 'now' || value === 'earliest') return { kind: value };
  const at = new Date(value);
  if (Number.isNaN(at.getTime()) || !/^\d{4}-\d{2}-\d{2}/.test(value)) {
    ctx.addIssue({ code: 'custom', message: `must be "now", "earliest" or an ISO-8601 timestamp, got "${value}"` });
    return z.NEVER;
  }
  return { kind: 'timestamp', at };
}

/**
 * Every connector setting, keyed by the environment variable that sets it. One schema gives both
 * the type and the check; units are in the names.
 */
export const connectorEnvSchema = z.object({
  WORKOS_API_KEY: z.string({ error: 'is required (the secret key, sk_…)' }).min(1, 'is required (the secret key, sk_…)'),
  WORKOS_API_HOSTNAME: z.string().min(1).default('api.workos.com'),
  WORKOS_API_PORT: z.coerce.number().int().min(1).max(65_535).optional(),
  WORKOS_API_HTTPS: flag(true),
  WORKOS_REQUEST_TIMEOUT_MS: positiveInt(30_000),
  WORKOS_EVENT_TYPES: list,
  WORKOS_ORGANIZATION_ID: z.string().min(1).optional(),
  WORKOS_START: z.string().default('earliest').transform(parseStart),
  WORKOS_RETENTION_DAYS: positiveInt(30),
  WORKOS_REQUESTS_PER_SECOND: z.coerce.number().positive().max(100).default(10),
  POLL_INTERVAL_MS: positiveInt(5_000),
  POLL_MIN_INTERVAL_MS: positiveInt(250),
  KAFKA_BROKERS: kafkaBrokersSetting,
  KAFKA_CLIENT_ID: z.string().min(1).default('workos-kafka-connector'),
  ...kafkaSecurityEnvShape,
  SCHEMA_REGISTRY_URL: z.url().optional(),
  CONNECTOR_NAME: z
    .string()
    .regex(/^[A-Za-z0-9._-]+$/, 'may contain only letters, digits, ".", "_" and "-"')
    .default('workos-events'),
  WORKOS_EVENTS_TOPIC: z.string().min(1).default('workos.events'),
  WORKOS_CURSOR_TOPIC: z.string().min(1).default('workos.cursor'),
  WORKOS_EVENTS_TOPIC_PARTITIONS: positiveInt(12),
  WORKOS_EVENTS_RETENTION_MS: z.coerce.number().int().min(-1).default(-1),
  KAFKA_REPLICATION_FACTOR: z.coerce.number().int().min(-1).default(-1),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

/** The validated, frozen connector configuration. */
export type ConnectorConfig = Readonly<z.output<typeof connectorEnvSchema>>;

/** Validates the connector's environment (every problem reported at once, see `parseEnv`). */
export function loadConnectorConfig(env: Record<string, string | undefined> = process.env): ConnectorConfig {
  // The cross-key security checks wrap the schema here, not at its definition: a refined zod
  // object can no longer be `.pick`ed, and cursor-reset picks from it.
  return parseEnv(withKafkaSecurityChecks(connectorEnvSchema), env, 'connector');
}

/**
 * Environment settings shared by the shipped consumers (directory mirror, notifier): the broker,
 * the topic, the registry, the database. Each consumer extends this schema with its own keys.
 */
import { kafkaBrokersSetting } from '../../core/env-config.js';
import { z } from 'zod';
import { kafkaSecurityEnvShape } from '../../core/kafka-security-env.js';
import type { DatabaseConfig } from '../db/open-database.js';

/** A positive integer setting with a default (env values are strings). */
export const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/, 'must be a plain SQL identifier (letters, digits, _)');

/** Keys every consumer reads. */
export const consumerEnvShape = {
  KAFKA_BROKERS: kafkaBrokersSetting,
  /** SASL and TLS; the cross-key checks run in `kafkaSecurityOptions` when the client is built. */
  ...kafkaSecurityEnvShape,
  SCHEMA_REGISTRY_URL: z.url().optional(),
  WORKOS_EVENTS_TOPIC: z.string().min(1).default('workos.events'),
  /** PostgreSQL URL (`postgres://…`); when unset the embedded SQLite file is used. */
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL (leave unset for SQLite)')
    .optional(),
  /** PostgreSQL schema for the consumers' tables. */
  DATABASE_SCHEMA: identifier.default('public'),
  /** SQLite file used when DATABASE_URL is unset. */
  SQLITE_PATH: z.string().min(1).default('workos-consumers.sqlite'),
  /** Partitions handled in parallel per process. */
  CONSUMER_CONCURRENCY: positiveInt(3),
  /** Attempts per record (first try included) before it is dead-lettered. */
  CONSUMER_MAX_ATTEMPTS: positiveInt(5),
  /**
   * How long the group waits for a silent member (a crashed process) before handing its
   * partitions to another, ms. The broker refuses values below its group.min.session.timeout.ms
   * (6000 by default), so lower ones are refused here with that reason.
   */
  CONSUMER_SESSION_TIMEOUT_MS: z.coerce
    .number()
    .int()
    .min(6_000, 'must be ≥ 6000 (the broker default group.min.session.timeout.ms)')
    .max(1_800_000, 'must be ≤ 1800000 (the broker default group.max.session.timeout.ms)')
    .default(30_000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
} as const;

/** The database a consumer config selects. */
export function databaseConfigOf(config: { DATABASE_URL?: string; DATABASE_SCHEMA: string; SQLITE_PATH: string }): DatabaseConfig {
  return config.DATABASE_URL === undefined
    ? { kind: 'sqlite', path: config.SQLITE_PATH }
    : { kind: 'postgres', url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA };
}

export { parseEnv } from '../../core/env-config.js';

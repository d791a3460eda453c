/**
 * Settings shared by the shipped consumers (directory mirror, notifier): the broker, the topic,
 * the registry, the database, the group's pace. Each consumer adds its own.
 */
import { z } from 'zod';
import { nonEmptyText, positiveInteger } from '../../core/config-values.js';
import { KAFKA_SECURITY_SETTINGS } from '../../core/kafka-security-env.js';
import { KAFKA_BROKERS, KAFKA_CLIENT_ID, LOG_LEVEL, SCHEMA_REGISTRY_URL, WORKOS_EVENTS_TOPIC } from '../../core/settings/common-settings.js';
import { defineSetting } from '../../core/settings/setting.js';
import type { DatabaseConfig } from '../db/open-database.js';

/** Where the consumers' state lives (also read by `reconcile`). */
export const DATABASE_SETTINGS = [
  defineSetting({
    env: 'DATABASE_URL',
    group: 'Consumers',
    help: 'PostgreSQL URL (postgres://…)',
    type: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL (leave unset for SQLite)'),
    defaultText: 'unset: SQLite at SQLITE_PATH',
    secret: true,
  }),
  defineSetting({
    env: 'DATABASE_SCHEMA',
    group: 'Consumers',
    help: "PostgreSQL schema for the consumers' tables",
    type: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]{0,40}$/, 'must be a plain SQL identifier (letters, digits, _)'),
    default: 'public',
  }),
  defineSetting({ env: 'SQLITE_PATH', group: 'Consumers', help: 'SQLite file when DATABASE_URL is unset', type: nonEmptyText, default: 'workos-consumers.sqlite' }),
] as const;

/** Settings every consumer reads. */
export const CONSUMER_SETTINGS = [
  KAFKA_BROKERS,
  KAFKA_CLIENT_ID,
  ...KAFKA_SECURITY_SETTINGS,
  SCHEMA_REGISTRY_URL,
  WORKOS_EVENTS_TOPIC,
  ...DATABASE_SETTINGS,
  defineSetting({
    env: 'CONSUMER_CONCURRENCY',
    group: 'Consumers',
    help: 'partitions handled in parallel (order within a partition is kept)',
    unit: 'partitions',
    type: positiveInteger,
    default: '3',
  }),
  defineSetting({
    env: 'CONSUMER_MAX_ATTEMPTS',
    group: 'Consumers',
    help: 'attempts per record (first try included) before it goes to <group>.dlq',
    type: positiveInteger,
    default: '5',
  }),
  defineSetting({
    env: 'CONSUMER_SESSION_TIMEOUT_MS',
    group: 'Consumers',
    // The broker refuses values outside its group.{min,max}.session.timeout.ms, so they are refused here with that reason.
    help: 'how long the group waits for a crashed member before its partitions move (6000–1800000, the broker defaults); a killed consumer stalls its partitions this long',
    unit: 'ms',
    type: z.coerce
      .number({ error: 'must be a whole number' })
      .int('must be a whole number')
      .min(6_000, 'must be ≥ 6000 (the broker default group.min.session.timeout.ms)')
      .max(1_800_000, 'must be ≤ 1800000 (the broker default group.max.session.timeout.ms)'),
    default: '30000',
  }),
  LOG_LEVEL,
] as const;

/** The database a consumer config selects. */
export function databaseConfigOf(config: { DATABASE_URL?: string | undefined; DATABASE_SCHEMA: string; SQLITE_PATH: string }): DatabaseConfig {
  return config.DATABASE_URL === undefined
    ? { kind: 'sqlite', path: config.SQLITE_PATH }
    : { kind: 'postgres', url: config.DATABASE_URL, schema: config.DATABASE_SCHEMA };
}

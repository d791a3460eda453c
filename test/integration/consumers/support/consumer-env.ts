/**
 * Environments of the consumer processes these tests start, built from parts so that each test
 * spells out only the settings it is about.
 */
import type { DatabaseConfig } from '../../../../consumers/db/open-database.js';
import { testBrokers } from '../../../support/kafka-test-kit.js';

/** Where a consumer keeps its state, as the process reads it from the environment. */
export function databaseEnv(database: DatabaseConfig): Record<string, string> {
  return database.kind === 'sqlite' ? { SQLITE_PATH: database.path } : { DATABASE_URL: database.url, DATABASE_SCHEMA: database.schema ?? 'public' };
}

/** The test broker, the events topic and the database, plus `settings`. */
export function consumerEnv(topic: string, database: DatabaseConfig, settings: Record<string, string>): Record<string, string> {
  return { KAFKA_BROKERS: testBrokers().join(','), WORKOS_EVENTS_TOPIC: topic, ...databaseEnv(database), ...settings };
}

/** The notifier's two effect URLs on a receiver that tells effects apart by path (the idempotent receiver). */
export function effectUrls(receiverUrl: string): Record<string, string> {
  return { NOTIFIER_WELCOME_URL: `${receiverUrl}/welcome-message`, NOTIFIER_DEPROVISION_URL: `${receiverUrl}/deprovision-call` };
}

/** Settings for a process that a test SIGKILLs and starts again. */
export const KILLABLE_ENV: Readonly<Record<string, string>> = {
  // The smallest the broker allows: a killed member's partitions move on after 6 s.
  CONSUMER_SESSION_TIMEOUT_MS: '6000',
  // Any free port: a fixed one could still be held by the process just killed.
  METRICS_PORT: '0',
};

import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { Kafka } from 'kafkajs';
import { databaseConfigOf } from '../../../consumers/config/consumer-env.js';
import { loadMirrorConfig } from '../../../consumers/directory-mirror/mirror-config.js';
import { loadNotifierConfig } from '../../../consumers/notifier/notifier-config.js';
import { resolveConsumerOptions } from '../../../consumers/runtime/consumer-options.js';
import { jsonDecoder } from '../../../consumers/runtime/json-decoder.js';

describe('consumer configuration', () => {
  it('applies the documented defaults', () => {
    const config = loadMirrorConfig({ KAFKA_BROKERS: 'a:9092, b:9092' });
    expect(config).toMatchObject({
      KAFKA_BROKERS: ['a:9092', 'b:9092'],
      WORKOS_EVENTS_TOPIC: 'workos.events',
      DIRECTORY_MIRROR_GROUP_ID: 'workos-directory-mirror',
      SQLITE_PATH: 'workos-consumers.sqlite',
      CONSUMER_CONCURRENCY: 3,
      CONSUMER_SESSION_TIMEOUT_MS: 30_000,
      DIRECTORY_MIRROR_BATCH_RECORDS: 2000,
    });
    expect(Object.isFrozen(config)).toBe(true);
    expect(databaseConfigOf(config)).toEqual({ kind: 'sqlite', path: 'workos-consumers.sqlite' });
    expect(loadNotifierConfig({ KAFKA_BROKERS: 'a:9092' }).NOTIFIER_GROUP_ID).toBe('workos-notifier');
  });

  it('selects PostgreSQL when DATABASE_URL is set', () => {
    const config = loadMirrorConfig({ KAFKA_BROKERS: 'a:1', DATABASE_URL: 'postgres://u@h:5432/db', DATABASE_SCHEMA: 'mirror' });
    expect(databaseConfigOf(config)).toEqual({ kind: 'postgres', url: 'postgres://u@h:5432/db', schema: 'mirror' });
  });

  it('reports every bad value at once, each named by its variable', () => {
    let message = '';
    try {
      loadNotifierConfig({
        DATABASE_URL: 'mysql://x',
        DATABASE_SCHEMA: 'drop table;',
        CONSUMER_CONCURRENCY: '0',
        CONSUMER_SESSION_TIMEOUT_MS: '3000',
        NOTIFIER_DEPROVISION_URL: 'ftp://internal/deprovision',
        LOG_LEVEL: 'loud',
      });
    } catch (err) {
      message = (err as Error).message;
      expect((err as { code?: string }).code).toBe('CONFIG_INVALID');
    }
    for (const key of ['KAFKA_BROKERS', 'DATABASE_URL', 'DATABASE_SCHEMA', 'CONSUMER_CONCURRENCY', 'CONSUMER_SESSION_TIMEOUT_MS', 'NOTIFIER_DEPROVISION_URL', 'LOG_LEVEL']) {
      expect(message).toContain(`${key}:`);
    }
    expect(message).toContain('group.min.session.timeout.ms');
  });
});

describe('resolveConsumerOptions', () => {
  const base = { kafka: {} as Kafka, handler: async () => undefined, decode: jsonDecoder, logger: pino({ level: 'silent' }) };

  it('fills defaults: <group>.dlq, 3 partitions at a time, 5 attempts, batches of 500', () => {
    const resolved = resolveConsumerOptions({ ...base, groupId: 'g', topic: 't' });
    expect(resolved).toMatchObject({ dlqTopic: 'g.dlq', partitionsConsumedConcurrently: 3, fromBeginning: true, retry: { maxAttempts: 5 }, maxBatchRecords: 500 });
    expect(resolved).toMatchObject({ sessionTimeoutMs: 30_000, heartbeatIntervalMs: 3_000 });
  });

  it('heartbeats at a third of a short session timeout, so a short one is valid on its own', () => {
    expect(resolveConsumerOptions({ ...base, groupId: 'g', topic: 't', sessionTimeoutMs: 6_000 })).toMatchObject({ heartbeatIntervalMs: 2_000 });
    expect(() => resolveConsumerOptions({ ...base, groupId: 'g', topic: 't', maxBatchRecords: 0 })).toThrow(/maxBatchRecords/);
  });

  it('reports every impossible option at once', () => {
    expect(() =>
      resolveConsumerOptions({
        ...base,
        groupId: ' ',
        topic: 'x',
        dlqTopic: 'x',
        partitionsConsumedConcurrently: 0,
        heartbeatIntervalMs: 40_000,
        retry: { maxAttempts: 0 },
      }),
    ).toThrowError(/groupId must not be empty; dlqTopic must differ from topic; partitionsConsumedConcurrently must be an integer ≥ 1; heartbeatIntervalMs must be below sessionTimeoutMs; .*maxAttempts/);
  });
});

import type { Kafka } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { loadNotifierConfig } from '../../../consumers/notifier/notifier-config.js';
import { DEFAULT_NOTIFIER_MAX_IN_FLIGHT } from '../../../consumers/notifier/notifier-consumer.js';
import { jsonDecoder } from '../../../consumers/runtime/json-decoder.js';
import { resolveConsumerOptions } from '../../../consumers/runtime/consumer-options.js';

describe('records in flight per partition', () => {
  const base = { kafka: {} as Kafka, handler: async () => undefined, decode: jsonDecoder, logger: pino({ level: 'silent' }), groupId: 'g', topic: 't' };

  it('is one record at a time unless a group asks for more', () => {
    expect(resolveConsumerOptions(base).maxInFlightPerPartition).toBe(1);
    expect(resolveConsumerOptions({ ...base, maxInFlightPerPartition: 32 }).maxInFlightPerPartition).toBe(32);
    expect(() => resolveConsumerOptions({ ...base, maxInFlightPerPartition: 0 })).toThrow(/maxInFlightPerPartition must be an integer ≥ 1/);
    expect(() => resolveConsumerOptions({ ...base, maxInFlightPerPartition: 1.5 })).toThrow(/maxInFlightPerPartition/);
  });

  it('is NOTIFIER_MAX_IN_FLIGHT for the notifier: 16 by default, 1 for one at a time, never 0', () => {
    expect(loadNotifierConfig({ KAFKA_BROKERS: 'a:9092' }).NOTIFIER_MAX_IN_FLIGHT).toBe(DEFAULT_NOTIFIER_MAX_IN_FLIGHT);
    expect(DEFAULT_NOTIFIER_MAX_IN_FLIGHT).toBe(16);
    expect(loadNotifierConfig({ KAFKA_BROKERS: 'a:9092', NOTIFIER_MAX_IN_FLIGHT: '1' }).NOTIFIER_MAX_IN_FLIGHT).toBe(1);
    expect(() => loadNotifierConfig({ KAFKA_BROKERS: 'a:9092', NOTIFIER_MAX_IN_FLIGHT: '0' })).toThrow(/NOTIFIER_MAX_IN_FLIGHT/);
  });
});

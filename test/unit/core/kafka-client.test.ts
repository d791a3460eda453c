import { Writable } from 'node:stream';
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createKafkaClient, toKafkaConfig, validateKafkaClientOptions, type KafkaClientOptions } from '../../../core/kafka-client.js';
import { createLogger } from '../../../core/logger.js';

function options(overrides: Partial<KafkaClientOptions> = {}) {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({ write: (c, _e, done) => (lines.push(JSON.parse(String(c))), done()) });
  const logger = createLogger({ destination, level: 'info' });
  return { lines, opts: { brokers: ['127.0.0.1:9092'], clientId: 'workos-kafka-test', logger, ...overrides } as KafkaClientOptions };
}

describe('createKafkaClient', () => {
  it('builds a kafkajs client with timeouts, SASL and the log bridge', () => {
    const { opts } = options({
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'pw' },
      connectionTimeoutMs: 5_000,
      requestTimeoutMs: 20_000,
    });
    expect(createKafkaClient(opts)).toBeInstanceOf(kafkajs.Kafka);
    const config = toKafkaConfig(opts);
    expect(config).toMatchObject({
      brokers: ['127.0.0.1:9092'],
      clientId: 'workos-kafka-test',
      connectionTimeout: 5_000,
      requestTimeout: 20_000,
      ssl: true,
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'pw' },
      logLevel: kafkajs.logLevel.INFO,
    });
    expect(typeof config.logCreator).toBe('function');
  });

  it('uses documented defaults for the timeouts', () => {
    expect(toKafkaConfig(options().opts)).toMatchObject({ connectionTimeout: 3_000, requestTimeout: 30_000 });
  });

  it('reports every bad option at once', () => {
    const { opts } = options({
      brokers: ['nohost', 'h:99999'],
      clientId: ' ',
      sasl: { mechanism: 'plain', username: '', password: '' },
      requestTimeoutMs: 0,
    });
    expect(validateKafkaClientOptions(opts)).toEqual([
      'broker "nohost" is not host:port',
      'broker "h:99999" is not host:port',
      'clientId must not be empty',
      'sasl.username must not be empty',
      'sasl.password must not be empty',
      'requestTimeoutMs must be a number > 0',
    ]);
    expect(() => createKafkaClient(opts)).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(validateKafkaClientOptions(options({ brokers: [] }).opts)).toContain('brokers must list at least one host:port');
  });

  it('accepts hostnames and bracketed IPv6 addresses', () => {
    expect(validateKafkaClientOptions(options({ brokers: ['kafka-0.kafka.svc:9093', '[::1]:9092'] }).opts)).toEqual([]);
  });

  it('warns, without the password, when SASL runs without TLS', () => {
    const { lines, opts } = options({ sasl: { mechanism: 'plain', username: 'svc', password: 'hunter2' } });
    createKafkaClient(opts);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ level: 40, mechanism: 'plain' });
    expect(JSON.stringify(lines)).not.toContain('hunter2');
  });
});

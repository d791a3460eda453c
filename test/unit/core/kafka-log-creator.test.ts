import { Writable } from 'node:stream';
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { createLogger, kafkaLogCreator, toKafkaLogLevel } from '../../../core/logger.js';

const { logLevel } = kafkajs;

describe('kafkaLogCreator', () => {
  it('writes kafkajs entries to pino with mapped levels, namespace and extras', () => {
    const lines: Record<string, unknown>[] = [];
    const destination = new Writable({ write: (c, _e, done) => (lines.push(JSON.parse(String(c))), done()) });
    const logger = createLogger({ destination, level: 'debug' });
    const log = kafkaLogCreator(logger)(logLevel.DEBUG);
    const entry = (level: number, message: string, extra: Record<string, unknown> = {}) => ({
      namespace: 'Connection',
      level,
      label: 'X',
      log: { timestamp: '2024-01-01T00:00:00.000Z', logger: 'kafkajs', message, ...extra },
    });
    log(entry(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', { broker: '127.0.0.1:9092', clientId: 'c1', error: 'ECONNREFUSED' }));
    log(entry(logLevel.WARN, 'warned'));
    log(entry(logLevel.INFO, 'informed'));
    log(entry(logLevel.DEBUG, 'debugged'));
    log(entry(logLevel.NOTHING, 'dropped'));

    expect(lines.map((l) => [l.level, l.msg])).toEqual([
      [50, 'Response Produce(key: 0, version: 7)'],
      [40, 'warned'],
      [30, 'informed'],
      [20, 'debugged'],
    ]);
    expect(lines[0]).toMatchObject({ component: 'kafkajs', namespace: 'Connection', broker: '127.0.0.1:9092', clientId: 'c1', error: 'ECONNREFUSED' });
    expect(lines[0]).not.toHaveProperty('timestamp');
    expect(lines[0]).not.toHaveProperty('logger');
  });
});

describe('toKafkaLogLevel', () => {
  it('maps pino levels so kafkajs does not build entries pino would drop', () => {
    expect(toKafkaLogLevel('trace')).toBe(logLevel.DEBUG);
    expect(toKafkaLogLevel('debug')).toBe(logLevel.DEBUG);
    expect(toKafkaLogLevel('info')).toBe(logLevel.INFO);
    expect(toKafkaLogLevel('warn')).toBe(logLevel.WARN);
    expect(toKafkaLogLevel('error')).toBe(logLevel.ERROR);
    expect(toKafkaLogLevel('fatal')).toBe(logLevel.ERROR);
    expect(toKafkaLogLevel('silent')).toBe(logLevel.NOTHING);
  });
});

describe('expected kafkajs retries are not errors', () => {
  // Regression: every transactional page logged CONCURRENT_TRANSACTIONS at error level.
  it('downgrades CONCURRENT_TRANSACTIONS answers to debug and keeps other errors', async () => {
    const { effectiveKafkaLevel } = await import('../../../core/kafka-log-creator.js');
    const { default: kafkajs } = await import('kafkajs');
    const { logLevel } = kafkajs;
    const concurrent = 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing';
    expect(effectiveKafkaLevel(logLevel.ERROR, 'Response AddPartitionsToTxn(key: 24, version: 1)', concurrent)).toBe(logLevel.DEBUG);
    expect(effectiveKafkaLevel(logLevel.ERROR, `Failed to send messages: ${concurrent}`, undefined)).toBe(logLevel.DEBUG);
    expect(effectiveKafkaLevel(logLevel.ERROR, 'Response Produce(key: 0, version: 7)', 'The request included a message larger than the max message size the server will accept')).toBe(logLevel.ERROR);
    expect(effectiveKafkaLevel(logLevel.WARN, concurrent, undefined)).toBe(logLevel.WARN);
  });
});

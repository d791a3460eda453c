import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { childLogger, createLogger, REDACT_PATHS, REDACTED, resolvePinoPretty, shouldUsePretty } from '../../../core/logger.js';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = new Writable({
    write(chunk, _enc, done) {
      lines.push(JSON.parse(String(chunk)));
      done();
    },
  });
  return { lines, destination };
}

describe('createLogger', () => {
  it('redacts secrets at the places config, clients and headers put them', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination, level: 'info' });
    logger.info(
      {
        apiKey: 'sk_test_top',
        config: {
          workos: { apiKey: 'sk_test_config', apiHostname: 'api.workos.com' },
          kafka: { brokers: ['b:9092'], sasl: { mechanism: 'plain', username: 'svc', password: 'kafka-secret' } },
          registry: { url: 'http://r', auth: { username: 'u', password: 'registry-secret' } },
        },
        headers: { authorization: 'Bearer sk_live_header', accept: 'application/json' },
        request: { headers: { Authorization: 'Bearer sk_live_nested' } },
        env: { WORKOS_API_KEY: 'sk_env' },
        registryAuth: { username: 'u', password: 'pw' },
      },
      'starting',
    );
    const text = JSON.stringify(lines[0]);
    for (const secret of ['sk_test_top', 'sk_test_config', 'kafka-secret', 'registry-secret', 'sk_live_header', 'sk_live_nested', 'sk_env', '"pw"']) {
      expect(text).not.toContain(secret);
    }
    const record = lines[0] as any;
    expect(record.apiKey).toBe(REDACTED);
    expect(record.config.workos.apiKey).toBe(REDACTED);
    expect(record.config.kafka.sasl.password).toBe(REDACTED);
    // non-secret siblings survive
    expect(record.config.workos.apiHostname).toBe('api.workos.com');
    expect(record.config.kafka.sasl.username).toBe('svc');
    expect(record.headers.accept).toBe('application/json');
  });

  it('honours the level', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination, level: 'warn' });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((l) => l.msg)).toEqual(['shown']);
  });

  it('adds base fields to every record, keeping pino defaults', () => {
    const { lines, destination } = capture();
    createLogger({ destination, base: { service: 'workos-kafka' } }).info('up');
    expect(lines[0]).toMatchObject({ service: 'workos-kafka', msg: 'up', pid: process.pid });
  });

  it('adds the component field on children', () => {
    const { lines, destination } = capture();
    const child = childLogger(createLogger({ destination }), 'connector.publisher', { topic: 'workos.events' });
    child.info({ eventId: 'event_01' }, 'published');
    expect(lines[0]).toMatchObject({ component: 'connector.publisher', topic: 'workos.events', eventId: 'event_01', msg: 'published' });
  });

  it('lists each secret at several depths', () => {
    expect(REDACT_PATHS).toContain('*.apiKey');
    expect(REDACT_PATHS).toContain('config.workos.apiKey');
    expect(REDACT_PATHS).toContain('headers.authorization');
  });
});

describe('pretty output selection', () => {
  it('is used only on a TTY and never when disabled', () => {
    expect(shouldUsePretty(undefined, true)).toBe(true);
    expect(shouldUsePretty(true, true)).toBe(true);
    expect(shouldUsePretty(false, true)).toBe(false);
    expect(shouldUsePretty(undefined, false)).toBe(false);
    expect(shouldUsePretty(true, false)).toBe(false);
  });

  it('finds pino-pretty when the devDependency is installed', () => {
    expect(resolvePinoPretty()).toMatch(/pino-pretty/);
  });
});

describe('redaction with binary values', () => {
  // Regression: multi-wildcard redact paths threw on Buffers, crashing the embedded run at debug level.
  it('logs objects holding Buffers at any depth without throwing, still redacting secrets', () => {
    const { lines, destination } = capture();
    const logger = createLogger({ destination, level: 'debug' });
    expect(() =>
      logger.debug({ message: { key: Buffer.from('org_1'), value: Buffer.from('{}') }, batch: { records: [{ value: Buffer.from('x') }] }, sasl: { password: 'p' } }, 'kafka'),
    ).not.toThrow();
    expect(JSON.stringify(lines[0])).not.toContain('"p"');
  });
});

describe('redaction of nested Kafka credentials', () => {
  it('hides a SASL password nested under a client options object', () => {
    const { lines, destination } = capture();
    createLogger({ destination }).info({ kafka: { sasl: { mechanism: 'scram-sha-256', username: 'svc', password: 'nested-secret' } } }, 'client');
    expect(JSON.stringify(lines[0])).not.toContain('nested-secret');
    expect(JSON.stringify(lines[0])).toContain('svc');
  });
});

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConnectorConfig } from '../../../connector/config.js';
import { loadMirrorConfig } from '../../../consumers/directory-mirror/mirror-config.js';
import { parseEnv } from '../../../core/env-config.js';
import { toKafkaConfig } from '../../../core/kafka-client.js';
import { kafkaSecurityEnvShape, kafkaSecurityOptions, withKafkaSecurityChecks } from '../../../core/kafka-security-env.js';
import { createLogger, REDACTED } from '../../../core/logger.js';

const dir = mkdtempSync(join(tmpdir(), 'kafka-security-env-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PEM = '-----BEGIN CERTIFICATE-----\nMIIBfake\n-----END CERTIFICATE-----\n';
const caFile = join(dir, 'ca.pem');
writeFileSync(caFile, PEM);
const keyFile = join(dir, 'key.pem');
writeFileSync(keyFile, '-----BEGIN PRIVATE KEY-----\nMIIEfake\n-----END PRIVATE KEY-----\n');

const schema = withKafkaSecurityChecks(z.object(kafkaSecurityEnvShape));
const parse = (env: Record<string, string>) => parseEnv(schema, env, 'test');
const optionsOf = (env: Record<string, string>) => kafkaSecurityOptions(parse(env));
const problemsOf = (env: Record<string, string>): string => {
  try {
    parse(env);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected the config to be rejected');
};

const CONNECTOR_ENV = { WORKOS_API_KEY: 'sk_test_x', KAFKA_BROKERS: '127.0.0.1:9092' };

describe('kafka security env', () => {
  it('asks for nothing when no key is set: plaintext, anonymous', () => {
    expect(optionsOf({})).toEqual({});
  });

  it.each(['plain', 'scram-sha-256', 'scram-sha-512'] as const)('turns %s with credentials into sasl options', (mechanism) => {
    const options = optionsOf({ KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'p@ss word' });
    expect(options).toEqual({ sasl: { mechanism, username: 'svc', password: 'p@ss word' } });
  });

  it('reports every security problem with every other connector problem at once', () => {
    let message = '';
    try {
      loadConnectorConfig({ KAFKA_BROKERS: '127.0.0.1:9092', KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SSL: 'maybe' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toContain('WORKOS_API_KEY: is required');
    expect(message).toContain('KAFKA_SASL_USERNAME: is required when KAFKA_SASL_MECHANISM is set');
    expect(message).toContain('KAFKA_SASL_PASSWORD: is required when KAFKA_SASL_MECHANISM is set');
    expect(message).toContain('KAFKA_SSL: must be true or false');
  });

  it('rejects an unknown mechanism and credentials without a mechanism', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'gssapi' })).toContain('KAFKA_SASL_MECHANISM: must be one of plain, scram-sha-256, scram-sha-512');
    const message = problemsOf({ KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: 'pw' });
    expect(message).toContain('KAFKA_SASL_USERNAME: is set but KAFKA_SASL_MECHANISM is not');
    expect(message).toContain('KAFKA_SASL_PASSWORD: is set but KAFKA_SASL_MECHANISM is not');
  });

  it('treats an empty password as unset (parseEnv drops empty strings)', () => {
    expect(problemsOf({ KAFKA_SASL_MECHANISM: 'plain', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: '' })).toContain(
      'KAFKA_SASL_PASSWORD: is required',
    );
  });

  it('turns KAFKA_SSL=true into kafkajs defaults, and certificate checks off into TLS options', () => {
    expect(optionsOf({ KAFKA_SSL: 'true' })).toEqual({ ssl: true });
    expect(optionsOf({ KAFKA_SSL: 'true', KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' })).toEqual({ ssl: { rejectUnauthorized: false } });
    expect(optionsOf({ KAFKA_SSL: 'false' })).toEqual({});
  });

  it('reads the CA file at start-up; the CA file alone turns TLS on', () => {
    expect(optionsOf({ KAFKA_SSL_CA_FILE: caFile })).toEqual({ ssl: { ca: [PEM], rejectUnauthorized: true }, sslCaFile: caFile });
    expect(parse({ KAFKA_SSL_CA_FILE: caFile }).KAFKA_SSL_CA_FILE).toEqual({ path: caFile, pem: PEM });
  });

  it('rejects a missing CA file and a file with no certificate in it', () => {
    expect(problemsOf({ KAFKA_SSL_CA_FILE: join(dir, 'absent.pem') })).toMatch(/KAFKA_SSL_CA_FILE: cannot read ".*absent\.pem"/);
    expect(problemsOf({ KAFKA_SSL_CA_FILE: keyFile })).toContain('holds no PEM certificate');
  });

  it('rejects contradictions: a CA file with KAFKA_SSL=false, certificate checks off without TLS', () => {
    expect(problemsOf({ KAFKA_SSL: 'false', KAFKA_SSL_CA_FILE: caFile })).toContain('KAFKA_SSL_CA_FILE: is set but KAFKA_SSL is false');
    expect(problemsOf({ KAFKA_SSL_REJECT_UNAUTHORIZED: 'false' })).toContain('KAFKA_SSL_REJECT_UNAUTHORIZED: is false but TLS is off');
  });

  it('reports a consumer\'s security problems with its other configuration problems, at load', () => {
    let message = '';
    try {
      loadMirrorConfig({ KAFKA_SASL_MECHANISM: 'scram-sha-512', CONSUMER_CONCURRENCY: 'many' });
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/^invalid directory mirror configuration:/);
    for (const key of ['KAFKA_BROKERS', 'CONSUMER_CONCURRENCY', 'KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD']) expect(message).toContain(`  ${key}: `);
  });

  it('gives createKafkaClient options that reach the kafkajs config', () => {
    const config = loadConnectorConfig({
      ...CONNECTOR_ENV,
      KAFKA_SASL_MECHANISM: 'scram-sha-512',
      KAFKA_SASL_USERNAME: 'svc',
      KAFKA_SASL_PASSWORD: 'pw',
      KAFKA_SSL_CA_FILE: caFile,
    });
    const logger = createLogger({ level: 'silent' });
    const kafkaConfig = toKafkaConfig({ brokers: config.KAFKA_BROKERS, clientId: 'test', logger, ...kafkaSecurityOptions(config) });
    expect(kafkaConfig).toMatchObject({
      sasl: { mechanism: 'scram-sha-512', username: 'svc', password: 'pw' },
      ssl: { ca: [PEM], rejectUnauthorized: true },
    });
  });
});

describe('logging a config that carries the SASL password', () => {
  it('prints the username but never the password', () => {
    const lines: string[] = [];
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const logger = createLogger({ destination, level: 'info' });
    const password = 'scram-secret-7f3a';
    const saslEnv = { KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_SASL_USERNAME: 'svc', KAFKA_SASL_PASSWORD: password };
    const config = loadConnectorConfig({ ...CONNECTOR_ENV, ...saslEnv });
    logger.info(config, 'config spread at the top level');
    logger.info({ config }, 'config one level down');
    logger.info(kafkaSecurityOptions(config), 'client security options');
    expect(lines).toHaveLength(3);
    for (const line of lines) {
      expect(line).not.toContain(password);
      expect(line).toContain('svc');
      expect(line).toContain(REDACTED);
    }
  });
});

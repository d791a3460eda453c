/**
 * Kafka client security from the environment, shared by the connector and the consumers: SASL
 * (PLAIN, SCRAM-SHA-256, SCRAM-SHA-512) and TLS, validated at start-up and turned into the `sasl`
 * and `ssl` options of `createKafkaClient`.
 */
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import { z } from 'zod';
import { booleanText } from './config-values.js';
import { configurationError } from './env-config.js';
import { SASL_MECHANISMS, type KafkaClientOptions, type SaslCredentials } from './kafka-client.js';
import { settingsShape } from './settings/settings-schema.js';
import { defineSetting } from './settings/setting.js';

/** A CA bundle read from disk at start-up. */
export interface CaFile {
  readonly path: string;
  readonly pem: string;
}

// Read while the config is validated, so a missing file or a key passed by mistake is reported
// with every other problem instead of at the first connection.
function readCaFile(path: string, ctx: z.RefinementCtx): CaFile {
  let pem: string;
  try {
    pem = readFileSync(path, 'utf8');
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: `cannot read "${path}": ${(error as Error).message}` });
    return z.NEVER;
  }
  if (!pem.includes('-----BEGIN CERTIFICATE-----')) {
    ctx.addIssue({ code: 'custom', message: `"${path}" holds no PEM certificate (-----BEGIN CERTIFICATE-----)` });
    return z.NEVER;
  }
  return { path, pem };
}

/** SASL and TLS to the brokers; every one optional, combinations checked by {@link kafkaSecurityProblems}. */
export const KAFKA_SECURITY_SETTINGS = [
  defineSetting({
    env: 'KAFKA_SASL_MECHANISM',
    group: 'Kafka security',
    help: `${SASL_MECHANISMS.join(' | ')}; user and password are required with a mechanism`,
    type: z.enum(SASL_MECHANISMS, { error: `must be one of ${SASL_MECHANISMS.join(', ')}` }),
    defaultText: 'no SASL',
  }),
  defineSetting({ env: 'KAFKA_SASL_USERNAME', group: 'Kafka security', help: 'SASL user name', type: z.string() }),
  defineSetting({ env: 'KAFKA_SASL_PASSWORD', group: 'Kafka security', help: 'SASL password (never logged)', type: z.string(), secret: true }),
  defineSetting({
    env: 'KAFKA_SSL',
    group: 'Kafka security',
    help: 'connect with TLS; a CA file turns it on by itself',
    type: booleanText,
    defaultText: 'TLS off (on with a CA file)',
  }),
  defineSetting({
    env: 'KAFKA_SSL_CA_FILE',
    group: 'Kafka security',
    help: 'PEM file of the CA to trust instead of the system CAs, read at start-up (implies TLS)',
    type: z.string().transform(readCaFile),
  }),
  defineSetting({
    env: 'KAFKA_SSL_REJECT_UNAUTHORIZED',
    group: 'Kafka security',
    help: "verify the broker's certificate",
    type: booleanText,
    default: 'true',
  }),
] as const;

/** The security keys as a zod shape, to spread into a schema of one's own (tests, tools). */
export const kafkaSecurityEnvShape = settingsShape(KAFKA_SECURITY_SETTINGS);

/** The validated security keys (any config that spread {@link kafkaSecurityEnvShape} is one). */
export type KafkaSecurityEnv = z.output<z.ZodObject<typeof kafkaSecurityEnvShape>>;

/** The `sasl`, `ssl` and `sslCaFile` options of `createKafkaClient`; all absent for a plaintext, anonymous broker. */
export type KafkaSecurityOptions = Pick<KafkaClientOptions, 'sasl' | 'ssl' | 'sslCaFile'>;

/** A problem found across keys, named by the key to change. */
export interface KafkaSecurityProblem {
  readonly key: keyof KafkaSecurityEnv;
  readonly message: string;
}

/** Whether the settings ask for TLS: `KAFKA_SSL=true`, or a CA file without `KAFKA_SSL=false`. */
function tlsWanted(env: KafkaSecurityEnv): boolean {
  return env.KAFKA_SSL ?? env.KAFKA_SSL_CA_FILE !== undefined;
}

/**
 * Impossible combinations, which a per-key schema cannot see: a mechanism without credentials,
 * credentials without a mechanism (they would be ignored), a CA file with `KAFKA_SSL=false`, and
 * certificate checks turned off with no TLS to check.
 */
export function kafkaSecurityProblems(env: KafkaSecurityEnv): KafkaSecurityProblem[] {
  const problems: KafkaSecurityProblem[] = [];
  if (env.KAFKA_SASL_MECHANISM !== undefined) {
    for (const key of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (env[key] === undefined) problems.push({ key, message: 'is required when KAFKA_SASL_MECHANISM is set' });
    }
  } else {
    for (const key of ['KAFKA_SASL_USERNAME', 'KAFKA_SASL_PASSWORD'] as const) {
      if (env[key] !== undefined) problems.push({ key, message: `is set but KAFKA_SASL_MECHANISM is not (one of ${SASL_MECHANISMS.join(', ')})` });
    }
  }
  if (env.KAFKA_SSL === false && env.KAFKA_SSL_CA_FILE !== undefined) {
    problems.push({ key: 'KAFKA_SSL_CA_FILE', message: 'is set but KAFKA_SSL is false (a CA file implies TLS; unset KAFKA_SSL)' });
  }
  if (env.KAFKA_SSL_REJECT_UNAUTHORIZED === false && !tlsWanted(env)) {
    problems.push({ key: 'KAFKA_SSL_REJECT_UNAUTHORIZED', message: 'is false but TLS is off (set KAFKA_SSL=true)' });
  }
  return problems;
}

/**
 * Adds {@link kafkaSecurityProblems} to a schema that spreads {@link kafkaSecurityEnvShape}, so
 * `parseEnv` reports them with every other problem. It runs even when other keys failed (`when`),
 * which is why it reads only the security keys and tolerates their absence.
 */
export function withKafkaSecurityChecks<S extends z.ZodType<KafkaSecurityEnv>>(schema: S): S {
  return schema.superRefine(
    (env, ctx) => {
      for (const problem of kafkaSecurityProblems(env)) ctx.addIssue({ code: 'custom', path: [problem.key], message: problem.message });
    },
    { when: () => true },
  );
}

function saslOf(env: KafkaSecurityEnv): SaslCredentials | undefined {
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username, KAFKA_SASL_PASSWORD: password } = env;
  if (mechanism === undefined || username === undefined || password === undefined) return undefined;
  return { mechanism, username, password } as SaslCredentials;
}

function sslOf(env: KafkaSecurityEnv): boolean | ConnectionOptions | undefined {
  if (!tlsWanted(env)) return undefined;
  // `true` keeps kafkajs' own defaults (system CAs, verification on) when nothing is customised.
  if (env.KAFKA_SSL_CA_FILE === undefined && env.KAFKA_SSL_REJECT_UNAUTHORIZED) return true;
  return {
    rejectUnauthorized: env.KAFKA_SSL_REJECT_UNAUTHORIZED,
    ...(env.KAFKA_SSL_CA_FILE === undefined ? {} : { ca: [env.KAFKA_SSL_CA_FILE.pem] }),
  };
}

/**
 * The `sasl`/`ssl` options for `createKafkaClient`. Throws `CONFIG_INVALID` listing every
 * {@link kafkaSecurityProblems} entry (as `parseEnv` would, for roles whose schema lacks
 * {@link withKafkaSecurityChecks}); `what` names the role in the message.
 */
export function kafkaSecurityOptions(env: KafkaSecurityEnv, what = 'Kafka security'): KafkaSecurityOptions {
  const problems = kafkaSecurityProblems(env);
  if (problems.length > 0) throw configurationError(what, problems.map((problem) => `${problem.key}: ${problem.message}`));
  const sasl = saslOf(env);
  const ssl = sslOf(env);
  const caFile = ssl === undefined ? undefined : env.KAFKA_SSL_CA_FILE?.path;
  return { ...(sasl === undefined ? {} : { sasl }), ...(ssl === undefined ? {} : { ssl }), ...(caFile === undefined ? {} : { sslCaFile: caFile }) };
}

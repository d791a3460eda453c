/**
 * Builds the kafkajs client every role uses, from one small options object, with the pino bridge
 * wired in and config mistakes reported all at once.
 */
import { isIP } from 'node:net';
import { connect as tlsConnect, type ConnectionOptions } from 'node:tls';
import type { ISocketFactory, Kafka, KafkaConfig, RetryOptions } from 'kafkajs';
import type { Logger } from 'pino';
import { isBrokerAddress } from './broker-list.js';
import { ConnectorError } from './errors.js';
import { newKafkaClient } from './kafkajs-client.js';
import { kafkaLogCreator, toKafkaLogLevel } from './kafka-log-creator.js';

/** SASL mechanisms the project supports (username/password ones). */
export const SASL_MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

/** One of {@link SASL_MECHANISMS}. */
export type SaslMechanism = (typeof SASL_MECHANISMS)[number];

/** SASL credentials (a union per mechanism, as kafkajs types it). The logger redacts the password. */
export type SaslCredentials = {
  [M in SaslMechanism]: { mechanism: M; username: string; password: string };
}[SaslMechanism];

/** Options for {@link createKafkaClient}. */
export interface KafkaClientOptions {
  /** `host:port` bootstrap addresses; at least one. */
  brokers: readonly string[];
  /** Identifies this process in broker logs and quotas. */
  clientId: string;
  /** TLS: `true` for system CAs, or node TLS options. Default off. */
  ssl?: boolean | ConnectionOptions;
  /**
   * Where the CA in `ssl.ca` came from (`KAFKA_SSL_CA_FILE`), named when the broker's certificate
   * fails verification so the message points at the file to fix.
   */
  sslCaFile?: string;
  sasl?: SaslCredentials;
  /** TCP connect timeout in ms. Default 3 000 (kafkajs' own 1 000 is tight for TLS + SASL). */
  connectionTimeoutMs?: number;
  /** Per-request timeout in ms. Default 30 000 (kafkajs default). */
  requestTimeoutMs?: number;
  /** kafkajs' internal retrier for metadata and admin calls. Default: kafkajs' (5 retries). */
  retry?: RetryOptions;
  /** Parent logger; kafkajs logs through a `component: 'kafkajs'` child at the same level. */
  logger: Logger;
}

/** Default TCP connect timeout, ms. */
export const DEFAULT_CONNECTION_TIMEOUT_MS = 3_000;
/** Default request timeout, ms. */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** Checks the options; returns every problem found (empty when valid). */
export function validateKafkaClientOptions(options: KafkaClientOptions): string[] {
  const problems: string[] = [];
  if (options.brokers.length === 0) problems.push('brokers must list at least one host:port');
  for (const broker of options.brokers) {
    if (!isBrokerAddress(broker)) problems.push(`broker "${broker}" is not host:port`);
  }
  if (options.clientId.trim() === '') problems.push('clientId must not be empty');
  if (options.sasl !== undefined) {
    if (!SASL_MECHANISMS.includes(options.sasl.mechanism)) {
      problems.push(`sasl.mechanism must be one of ${SASL_MECHANISMS.join(', ')}`);
    }
    if (options.sasl.username === '') problems.push('sasl.username must not be empty');
    if (options.sasl.password === '') problems.push('sasl.password must not be empty');
  }
  for (const key of ['connectionTimeoutMs', 'requestTimeoutMs'] as const) {
    const value = options[key];
    if (value !== undefined && !(Number.isFinite(value) && value > 0)) problems.push(`${key} must be a number > 0`);
  }
  return problems;
}

/**
 * Node's codes for a broker certificate that TLS verification rejected (chain, dates, name),
 * as opposed to a refused or dropped connection.
 */
const CERTIFICATE_VERIFICATION_CODES: ReadonlySet<string> = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
  'CERT_SIGNATURE_FAILURE',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/**
 * The message for a TLS error, saying it is the broker's certificate that failed verification and
 * against which CA (the file of `KAFKA_SSL_CA_FILE`, or the system CAs); `undefined` when the
 * error is not a certificate verification failure.
 */
export function certificateVerificationMessage(error: { code?: unknown; message: string }, caFile: string | undefined): string | undefined {
  if (typeof error.code !== 'string' || !CERTIFICATE_VERIFICATION_CODES.has(error.code)) return undefined;
  const against = caFile === undefined ? 'the system CAs (set KAFKA_SSL_CA_FILE to the CA that signed it)' : `KAFKA_SSL_CA_FILE (${caFile})`;
  return `TLS verification of the broker's certificate failed against ${against}: ${error.message} [${error.code}]`;
}

/**
 * kafkajs' own TLS socket factory, plus an error listener registered before kafkajs' so a
 * certificate verification failure reaches it (and its "Connection error: ..." message) already
 * explained by {@link certificateVerificationMessage}.
 */
export function explainingTlsSocketFactory(caFile: string | undefined): ISocketFactory {
  return ({ host, port, ssl, onConnect }) => {
    const socket = tlsConnect({ host, port, ...(isIP(host) === 0 ? { servername: host } : {}), ...ssl }, onConnect);
    socket.setKeepAlive(true, 60_000);
    socket.on('error', (error: Error & { code?: unknown }) => {
      const explained = certificateVerificationMessage(error, caFile);
      if (explained !== undefined) error.message = explained;
    });
    return socket;
  };
}

/** The kafkajs config the options translate to (exposed for tests and diagnostics). */
export function toKafkaConfig(options: KafkaClientOptions): KafkaConfig {
  return {
    brokers: [...options.brokers],
    clientId: options.clientId,
    connectionTimeout: options.connectionTimeoutMs ?? DEFAULT_CONNECTION_TIMEOUT_MS,
    requestTimeout: options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    logCreator: kafkaLogCreator(options.logger),
    logLevel: toKafkaLogLevel(options.logger.level),
    ...(options.ssl === undefined || options.ssl === false ? {} : { ssl: options.ssl, socketFactory: explainingTlsSocketFactory(options.sslCaFile) }),
    ...(options.sasl === undefined ? {} : { sasl: { ...options.sasl } }),
    ...(options.retry === undefined ? {} : { retry: options.retry }),
  };
}

/**
 * Creates the kafkajs `Kafka` instance. Throws `CONFIG_INVALID` listing every problem; warns
 * (does not fail) when SASL credentials would cross the network without TLS.
 */
export function createKafkaClient(options: KafkaClientOptions): Kafka {
  const problems = validateKafkaClientOptions(options);
  if (problems.length > 0) {
    throw new ConnectorError(`Invalid Kafka client options: ${problems.join('; ')}`, { code: 'CONFIG_INVALID' });
  }
  if (options.sasl !== undefined && (options.ssl === undefined || options.ssl === false)) {
    options.logger.warn(
      { component: 'kafka-client', mechanism: options.sasl.mechanism },
      'SASL is configured without TLS: credentials and data cross the network unencrypted',
    );
  }
  return newKafkaClient(toKafkaConfig(options));
}

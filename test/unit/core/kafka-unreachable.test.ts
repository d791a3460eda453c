import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ConnectorError, isKafkaUnreachable, isRetriableOrKafkaUnreachable } from '../../../core/errors.js';

const { KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSProtocolError } = kafkajs;

describe('isKafkaUnreachable', () => {
  it('sees a connection error under the non-retriable wrapper kafkajs puts on it once its own retries are spent', () => {
    // As kafkajs' retrier throws it (retry/index.js): the last error, wrapped, and as the cause.
    const refused = new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092');
    const spent = Object.assign(new KafkaJSNonRetriableError(refused), { cause: refused });
    const wrapped = new ConnectorError('Kafka transaction failed', { code: 'KAFKA_ERROR', retriable: true, cause: spent });
    expect(isKafkaUnreachable(wrapped)).toBe(true);
    expect(isRetriableOrKafkaUnreachable(wrapped)).toBe(true);
  });

  it('does not take a refused certificate or a protocol answer for an outage', () => {
    const certificate = Object.assign(new Error('unable to verify the first certificate'), { code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
    const connection = Object.assign(new KafkaJSConnectionError('Connection error: unable to verify the first certificate'), { cause: certificate });
    expect(isKafkaUnreachable(Object.assign(new KafkaJSNonRetriableError(connection), { cause: connection }))).toBe(false);
    const protocol = new KafkaJSNonRetriableError(new KafkaJSProtocolError('Topic authorization failed'));
    expect(isKafkaUnreachable(protocol)).toBe(false);
    expect(isRetriableOrKafkaUnreachable(new ConnectorError('fenced', { code: 'KAFKA_FENCED' }))).toBe(false);
  });

  it('takes a socket error code for an outage only under a kafkajs error: a registry or WorkOS socket is not the cluster', () => {
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
    const underKafkajs = Object.assign(new KafkaJSNonRetriableError(reset), { cause: reset });
    expect(isKafkaUnreachable(underKafkajs)).toBe(true);
    expect(isKafkaUnreachable(new ConnectorError('schema registry unreachable', { code: 'REGISTRY_UNAVAILABLE', cause: reset }))).toBe(false);
  });

  it('refuses a certificate verdict given only as an OpenSSL code, also on a plain object in the chain', () => {
    const verdict = { code: 'ERR_SSL_WRONG_VERSION_NUMBER', message: 'wrong version number' };
    const connection = Object.assign(new KafkaJSConnectionError('Connection error'), { cause: verdict });
    expect(isKafkaUnreachable(connection)).toBe(false);
  });
});

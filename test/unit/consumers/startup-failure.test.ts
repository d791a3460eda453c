import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { startupWaitFor, TOPIC_MISSING_REASON } from '../../../consumers/runtime/startup-failure.js';
import { ConnectorError } from '../../../core/errors.js';

// kafkajs' typings omit the options argument its error constructors take; the runtime ones are used.
type ErrorClass = new (e: unknown, options?: Record<string, unknown>) => Error;
const [KafkaJSConnectionError, KafkaJSNonRetriableError, KafkaJSNumberOfRetriesExceeded, KafkaJSProtocolError, KafkaJSRequestTimeoutError, KafkaJSSASLAuthenticationError] = [
  kafkajs.KafkaJSConnectionError,
  kafkajs.KafkaJSNonRetriableError,
  kafkajs.KafkaJSNumberOfRetriesExceeded,
  kafkajs.KafkaJSProtocolError,
  kafkajs.KafkaJSRequestTimeoutError,
  kafkajs.KafkaJSSASLAuthenticationError,
] as unknown as ErrorClass[] as [ErrorClass, ErrorClass, ErrorClass, ErrorClass, ErrorClass, ErrorClass];

/** A broker's error answer as kafkajs builds it (type, code and verdict from its protocol table). */
const protocol = (type: string, retriable: boolean): Error => new KafkaJSProtocolError({ message: type, type, code: 0, retriable });
/** kafkajs' retrier giving up after its retries. */
const exhausted = (cause: Error): Error => new KafkaJSNumberOfRetriesExceeded(cause, { retryCount: 5, retryTime: 1_000 });
const refused = (): Error => new KafkaJSConnectionError('Connection error: connect ECONNREFUSED 127.0.0.1:9092', { broker: '127.0.0.1:9092', code: 'ECONNREFUSED' });
/** What `ensureTopic` makes of a kafkajs failure: KAFKA_ERROR, retriable as kafkajs says (false for an exhausted retrier). */
const relayed = (cause: Error): Error => new ConnectorError(`Could not ensure topic: ${cause.message}`, { code: 'KAFKA_ERROR', retriable: false, cause });

describe('startupWaitFor', () => {
  it.each([
    ['the metadata answer for a missing topic (subscribe)', protocol('UNKNOWN_TOPIC_OR_PARTITION', true)],
    ['the same, after kafkajs bailed out of its retrier', new KafkaJSNonRetriableError(protocol('UNKNOWN_TOPIC_OR_PARTITION', true), { cause: protocol('UNKNOWN_TOPIC_OR_PARTITION', true) })],
    ['the topic probe: not there yet', new ConnectorError('topic "x" does not exist yet', { code: 'KAFKA_ERROR', retriable: true, context: { reason: TOPIC_MISSING_REASON } })],
  ])('waits for the topic on %s', (_what, err) => {
    expect(startupWaitFor(err)).toBe('topic');
  });

  it.each([
    ['a refused connection after kafkajs retried', exhausted(refused())],
    ['a refused connection, one try', refused()],
    ['a connection timeout (no socket code)', new KafkaJSConnectionError('Connection timeout', { broker: 'kafka:9092' })],
    ['a broker name not in DNS yet (compose)', new KafkaJSConnectionError('Connection error: getaddrinfo ENOTFOUND kafka', { broker: 'kafka:9092', code: 'ENOTFOUND' })],
    ['a request timeout', new KafkaJSRequestTimeoutError('Request Metadata(key: 3, version: 6) timed out')],
    ['a coordinator not available yet, retries exhausted', exhausted(protocol('COORDINATOR_NOT_AVAILABLE', true))],
    ['the dead-letter topic creation relaying a refused connection', relayed(exhausted(refused()))],
  ])('waits for the broker on %s', (_what, err) => {
    expect(startupWaitFor(err)).toBe('broker');
  });

  it.each([
    ['bad SASL credentials', new KafkaJSSASLAuthenticationError('SASL SCRAM-SHA-256 authentication failed')],
    ['no ACL for the topic', protocol('TOPIC_AUTHORIZATION_FAILED', false)],
    ['no ACL for the group, relayed', relayed(protocol('GROUP_AUTHORIZATION_FAILED', false))],
    ['a self-signed certificate', new KafkaJSConnectionError('Connection error: self-signed certificate', { broker: 'kafka:9093', code: 'DEPTH_ZERO_SELF_SIGNED_CERT' })],
    ['a certificate for another host', new KafkaJSConnectionError("Connection error: Hostname/IP does not match certificate's altnames", { broker: 'kafka:9093', code: 'ERR_TLS_CERT_ALTNAME_INVALID' })],
    ['our configuration error, even around a connection error', new ConnectorError('Invalid Kafka client options', { code: 'CONFIG_INVALID', cause: refused() })],
    ['a misconfigured topic', new ConnectorError('not compacted', { code: 'TOPIC_MISCONFIGURED' })],
    ['a kafkajs usage error', new KafkaJSNonRetriableError('Cannot subscribe to topic while consumer is running')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'topic')")],
    ['an unknown plain error', new Error('boom')],
    ['a thrown non-error', 'boom'],
  ])('is fatal on %s', (_what, err) => {
    expect(startupWaitFor(err)).toBeUndefined();
  });
});

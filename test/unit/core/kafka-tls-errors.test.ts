import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { certificateVerificationMessage, toKafkaConfig } from '../../../core/kafka-client.js';
import { createLogger } from '../../../core/logger.js';

function tlsError(code: string, message: string): Error & { code: string } {
  return Object.assign(new Error(message), { code });
}

describe('certificateVerificationMessage', () => {
  it("says the broker's certificate failed verification against the CA file, keeping node's reason and code", () => {
    const message = certificateVerificationMessage(tlsError('SELF_SIGNED_CERT_IN_CHAIN', 'self-signed certificate in certificate chain'), '/etc/kafka/ca.pem');
    expect(message).toBe(
      "TLS verification of the broker's certificate failed against KAFKA_SSL_CA_FILE (/etc/kafka/ca.pem): self-signed certificate in certificate chain [SELF_SIGNED_CERT_IN_CHAIN]",
    );
  });

  it('names the system CAs when no CA file is configured', () => {
    const message = certificateVerificationMessage(tlsError('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'), undefined);
    expect(message).toMatch(/^TLS verification of the broker's certificate failed against the system CAs \(set KAFKA_SSL_CA_FILE/);
  });

  it('leaves errors that are not certificate verification failures alone', () => {
    expect(certificateVerificationMessage(tlsError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:9093'), '/ca.pem')).toBeUndefined();
    expect(certificateVerificationMessage(new Error('no code'), '/ca.pem')).toBeUndefined();
  });
});

describe('the TLS socket factory', () => {
  const logger = createLogger({ level: 'silent' });

  it('is installed only with TLS', () => {
    expect(toKafkaConfig({ brokers: ['127.0.0.1:9092'], clientId: 'c', logger }).socketFactory).toBeUndefined();
    expect(toKafkaConfig({ brokers: ['127.0.0.1:9092'], clientId: 'c', logger, ssl: false }).socketFactory).toBeUndefined();
    expect(typeof toKafkaConfig({ brokers: ['127.0.0.1:9092'], clientId: 'c', logger, ssl: true }).socketFactory).toBe('function');
  });

  it("rewrites a verification error before kafkajs' own listener sees it", () => {
    const factory = toKafkaConfig({ brokers: ['127.0.0.1:1'], clientId: 'c', logger, ssl: { ca: [] }, sslCaFile: '/tmp/ca.pem' }).socketFactory;
    if (factory === undefined) throw new Error('no socket factory');
    const socket = factory({ host: '127.0.0.1', port: 1, ssl: {}, onConnect: () => undefined });
    const seen: string[] = [];
    socket.on('error', (error: Error) => seen.push(error.message));
    socket.destroy();
    // Emitted by hand, as the TLS layer would on a failed handshake.
    (socket as unknown as EventEmitter).emit('error', tlsError('CERT_SIGNATURE_FAILURE', 'certificate signature failure'));
    expect(seen.at(-1)).toBe("TLS verification of the broker's certificate failed against KAFKA_SSL_CA_FILE (/tmp/ca.pem): certificate signature failure [CERT_SIGNATURE_FAILURE]");
  });
});

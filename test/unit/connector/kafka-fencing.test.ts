import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { ConnectorError } from '../../../core/errors.js';
import { isFencingRace, isFencedError } from '../../../connector/kafka-fencing.js';

const { KafkaJSProtocolError } = kafkajs;

/** A kafkajs protocol error as the broker's answer code becomes one (`type` names the code). */
function protocolError(type: string, code: number): Error {
  // kafkajs' constructor takes the broker error's description; its typings declare only `Error`.
  const describe = KafkaJSProtocolError as unknown as new (error: { type: string; code: number; retriable: boolean; message: string }) => Error;
  return new describe({ type, code, retriable: false, message: type });
}

describe('recognising a takeover by another instance', () => {
  it('takes the fencing codes as fenced, also deep in a cause chain', () => {
    expect(isFencedError(protocolError('INVALID_PRODUCER_EPOCH', 47))).toBe(true);
    expect(isFencedError(protocolError('PRODUCER_FENCED', 90))).toBe(true);
    expect(isFencedError(new ConnectorError('wrapped', { code: 'KAFKA_ERROR', cause: protocolError('INVALID_PRODUCER_EPOCH', 47) }))).toBe(true);
    expect(isFencedError(protocolError('UNKNOWN_SERVER_ERROR', -1))).toBe(false);
  });

  it('takes an unknown server error or an invalid transaction state as the fencing race the broker answers that way', () => {
    expect(isFencingRace(protocolError('INVALID_TXN_STATE', 48))).toBe(true);
    expect(isFencingRace(protocolError('UNKNOWN_SERVER_ERROR', -1))).toBe(true);
    expect(isFencingRace(new ConnectorError('wrapped', { code: 'KAFKA_ERROR', cause: protocolError('UNKNOWN_SERVER_ERROR', -1) }))).toBe(true);
    expect(isFencingRace(protocolError('NOT_COORDINATOR', 16))).toBe(false);
    expect(isFencingRace(new Error('socket hang up'))).toBe(false);
  });
});

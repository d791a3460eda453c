import { describe, expect, it } from 'vitest';
import { DLQ_HEADERS, deadLetterMessage, errorCodeOf } from '../../../consumers/runtime/dead-letter.js';
import { headersToStrings, type ConsumedRecord } from '../../../consumers/runtime/record-types.js';
import { ConnectorError } from '../../../core/errors.js';

const record: ConsumedRecord = {
  topic: 'workos.events',
  partition: 2,
  offset: '41',
  key: Buffer.from('org_1'),
  value: Buffer.from([0xff, 0x00, 0x13]),
  headers: { 'workos-event-id': 'event_1' },
  rawHeaders: { 'workos-event-id': Buffer.from('event_1'), 'workos-event-type': 'dsync.user.created' },
  timestamp: '1700000000000',
};

describe('deadLetterMessage', () => {
  it('keeps the original key, value and headers and adds why, how often and where from', () => {
    const err = new ConnectorError('Record value is not JSON', { code: 'DECODE_FAILED' });
    const message = deadLetterMessage(record, err, 1, 'workos-directory-mirror');
    expect(message.key).toBe(record.key);
    expect(message.value).toBe(record.value);
    expect(headersToStrings(message.headers)).toEqual({
      'workos-event-id': 'event_1',
      'workos-event-type': 'dsync.user.created',
      [DLQ_HEADERS.error]: 'ConnectorError: Record value is not JSON',
      [DLQ_HEADERS.errorCode]: 'DECODE_FAILED',
      [DLQ_HEADERS.attempts]: '1',
      [DLQ_HEADERS.group]: 'workos-directory-mirror',
      [DLQ_HEADERS.topic]: 'workos.events',
      [DLQ_HEADERS.partition]: '2',
      [DLQ_HEADERS.offset]: '41',
    });
  });

  it('truncates long error text to 1000 characters', () => {
    const message = deadLetterMessage(record, new Error('x'.repeat(5000)), 5, 'g');
    expect(String(message.headers?.[DLQ_HEADERS.error]).length).toBe(1000);
  });

  it('derives the error code from the project code, a string code, or HANDLER_FAILED', () => {
    expect(errorCodeOf(new ConnectorError('x', { code: 'INVALID_EVENT' }))).toBe('INVALID_EVENT');
    expect(errorCodeOf(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))).toBe('ECONNREFUSED');
    expect(errorCodeOf(new TypeError('x'))).toBe('HANDLER_FAILED');
    expect(errorCodeOf('a string')).toBe('HANDLER_FAILED');
  });
});

describe('headersToStrings', () => {
  it('turns buffers into text and takes the first of repeated headers', () => {
    expect(headersToStrings({ a: Buffer.from('x'), b: ['y', 'z'], c: undefined })).toEqual({ a: 'x', b: 'y' });
    expect(headersToStrings(undefined)).toEqual({});
  });
});

import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import { decodeRecord } from '../../../consumers/runtime/process-record.js';
import { toConsumedRecord, type ConsumedRecord } from '../../../consumers/runtime/record-types.js';

const message = (headers: KafkaMessage['headers']): KafkaMessage =>
  ({ key: Buffer.from('org_1'), value: Buffer.from('{}'), offset: '7', timestamp: '1700000000000', attributes: 0, headers }) as KafkaMessage;

describe('toConsumedRecord', () => {
  it('gives string headers (the first of a repeated one) when read, and the same object on every read', () => {
    const record = toConsumedRecord('t', 2, message({ 'workos-event-id': Buffer.from('event_1'), repeated: [Buffer.from('a'), Buffer.from('b')], plain: 'x' }));
    expect(record.headers).toEqual({ 'workos-event-id': 'event_1', repeated: 'a', plain: 'x' });
    expect(record.headers).toBe(record.headers);
    expect({ ...record }.headers).toEqual(record.headers);
    expect(record).toMatchObject({ topic: 't', partition: 2, offset: '7' });
  });

  it('gives empty headers for a message without any', () => {
    expect(toConsumedRecord('t', 0, message(undefined)).headers).toEqual({});
  });
});

describe('decodeRecord and headers', () => {
  /** A record that counts how often its string headers are built. */
  const counting = (): { record: ConsumedRecord; reads: () => number } => {
    const record = toConsumedRecord('t', 0, message({ 'workos-event-id': Buffer.from('event_1') }));
    let reads = 0;
    const counted = Object.defineProperty({ ...record }, 'headers', {
      get: () => {
        reads += 1;
        return record.headers;
      },
    });
    return { record: counted, reads: () => reads };
  };

  it('does not build the headers for a decoder that never reads them (the shipped event decoder)', async () => {
    const { record, reads } = counting();
    await expect(decodeRecord(record, async (value) => value.toString('utf8'))).resolves.toBe('{}');
    await expect(decodeRecord(record, async (value, _headers = {}) => value.length)).resolves.toBe(2);
    expect(reads()).toBe(0);
  });

  it('hands them to a decoder that reads them, as the converted object', async () => {
    const { record, reads } = counting();
    await expect(decodeRecord(record, async (_value, headers) => headers['workos-event-id'])).resolves.toBe('event_1');
    await expect(decodeRecord(record, async (_value, headers) => ({ has: 'workos-event-id' in headers, missing: 'x' in headers, entries: Object.entries(headers), spread: { ...headers }, json: JSON.stringify(headers) }))).resolves.toEqual({
      has: true,
      missing: false,
      entries: [['workos-event-id', 'event_1']],
      spread: { 'workos-event-id': 'event_1' },
      json: '{"workos-event-id":"event_1"}',
    });
    expect(reads()).toBeGreaterThan(0);
  });
});

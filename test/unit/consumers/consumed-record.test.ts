import { describe, expect, it } from 'vitest';
import type { KafkaMessage } from 'kafkajs';
import { toConsumedRecord } from '../../../consumers/runtime/record-types.js';

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

/**
 * The size bounds hold against what kafkajs really encodes: a GZIP record batch of incompressible
 * records is never bigger than `batchBytes` says, so a batch the publisher lets through is never
 * refused by the broker for its size.
 */
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import kafkajs from 'kafkajs';
import type { Message } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { batchBytes, consumerFetchSizes, gzipBound, recordBytes, topicLimitWarning } from '../../../core/message-size.js';

const require = createRequire(import.meta.url);
type Encoded = { buffer: Buffer };
const { RecordBatch } = require('kafkajs/src/protocol/recordBatch/v0/index.js') as { RecordBatch: (options: { compression: number; records: Encoded[] }) => Promise<Encoded> };
const Record = require('kafkajs/src/protocol/recordBatch/record/v0/index.js') as (options: { offsetDelta: number; timestampDelta: number; key: Buffer | null; value: Buffer | null; headers: Record<string, Buffer> }) => Encoded;

function toBuffer(value: Message['value'] | Message['key']): Buffer | null {
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? Buffer.from(value) : value;
}

/** The GZIP batch kafkajs would send for `messages`, as the broker measures it. */
async function encodedBatchBytes(messages: readonly Message[]): Promise<number> {
  const records = messages.map((message, index) =>
    Record({
      offsetDelta: index,
      // A day apart at most within a batch; the widest varlong delta is the worst case anyway.
      timestampDelta: index * 86_400_000,
      key: toBuffer(message.key),
      value: toBuffer(message.value),
      headers: Object.fromEntries(Object.entries(message.headers ?? {}).map(([name, value]) => [name, Buffer.from(String(value))])),
    }),
  );
  const batch = await RecordBatch({ compression: kafkajs.CompressionTypes.GZIP, records });
  return batch.buffer.length;
}

/** An event-like message whose value is `size` random bytes as base64 (what GZIP cannot shrink much). */
function randomEvent(size: number): Message {
  return {
    key: 'org_01HXYZ',
    value: randomBytes(Math.ceil((size * 3) / 4)).toString('base64').slice(0, size),
    headers: { 'workos-event-id': 'event_01HXYZ', 'workos-event-type': 'dsync.user.updated', 'workos-created-at': '2026-01-01T00:00:00.000Z' },
  };
}

describe('batchBytes', () => {
  it.each([1, 1_000, 65_536, 1_572_864])('bounds a GZIP batch of one incompressible record of %i bytes', async (size) => {
    const message = { ...randomEvent(0), value: randomBytes(size) };
    const actual = await encodedBatchBytes([message]);
    expect(actual).toBeLessThanOrEqual(batchBytes(recordBytes(message)));
    // …and not by much: the bound is no excuse to refuse events that fit.
    expect(batchBytes(recordBytes(message)) - actual).toBeLessThan(1_024 + size / 1_000);
  });

  it('bounds a batch of many records', async () => {
    const messages = Array.from({ length: 50 }, () => ({ ...randomEvent(0), value: randomBytes(20_000) }));
    const total = messages.reduce((sum, message) => sum + recordBytes(message), 0);
    expect(await encodedBatchBytes(messages)).toBeLessThanOrEqual(batchBytes(total));
  });

  it('counts key, value and headers in bytes, not characters', () => {
    const ascii = recordBytes({ key: 'k', value: 'aaaa' });
    expect(recordBytes({ key: 'k', value: 'éééé' })).toBe(ascii + 4);
    expect(recordBytes({ key: 'k', value: 'aaaa', headers: { h: 'v' } })).toBeGreaterThan(ascii + 2);
    expect(recordBytes({ key: null, value: null })).toBeLessThan(ascii);
  });

  it('lets GZIP grow random bytes only a little', () => {
    expect(gzipBound(1_000_000)).toBeGreaterThan(1_000_000);
    expect(gzipBound(1_000_000)).toBeLessThan(1_000_400);
  });
});

describe('consumerFetchSizes', () => {
  it('lets any partition return a whole batch of the limit, and a response at least kafkajs’ default', () => {
    expect(consumerFetchSizes(8 * 1024 * 1024)).toEqual({ maxBytesPerPartition: 8 * 1024 * 1024, maxBytes: 10 * 1024 * 1024 });
    expect(consumerFetchSizes(32 * 1024 * 1024)).toEqual({ maxBytesPerPartition: 32 * 1024 * 1024, maxBytes: 32 * 1024 * 1024 });
  });
});

describe('topicLimitWarning', () => {
  it('warns when the topic takes less than the setting, naming both and the fix', () => {
    const warning = topicLimitWarning('workos.events', { 'max.message.bytes': '1048588' }, 8_388_608);
    expect(warning).toContain('max.message.bytes=1048588');
    expect(warning).toContain('WORKOS_EVENTS_MAX_MESSAGE_BYTES=8388608');
    expect(warning).toContain('--entity-name workos.events --add-config max.message.bytes=8388608');
  });

  it('is silent when the topic takes as much or more, or does not say', () => {
    expect(topicLimitWarning('t', { 'max.message.bytes': '8388608' }, 8_388_608)).toBeUndefined();
    expect(topicLimitWarning('t', { 'max.message.bytes': '20000000' }, 8_388_608)).toBeUndefined();
    expect(topicLimitWarning('t', {}, 8_388_608)).toBeUndefined();
  });
});

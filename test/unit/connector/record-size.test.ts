/**
 * Big events: one that can never fit stops the connector before anything is sent, naming the
 * event, its size, the limit and the setting; a broker's MESSAGE_TOO_LARGE says the same; a page
 * of many big events goes out in sends that each fit, in order, in one transaction.
 */
import kafkajs from 'kafkajs';
import type { Kafka, Message, TopicMessages } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import type { CursorRecord } from '../../../connector/cursor-record.js';
import type { CursorStore, ValueCodec } from '../../../connector/cursor-store.js';
import { TransactionalPublisher } from '../../../connector/publisher.js';
import { assertRecordsFit, isRecordTooLarge, planSends, recordTooLargeError } from '../../../connector/record-size.js';
import type { RawWorkosEvent } from '../../../connector/workos-event.js';
import { ConnectorError } from '../../../core/errors.js';
import { batchBytes, recordBytes } from '../../../core/message-size.js';

const MiB = 1024 * 1024;

function eventMessage(id: string, valueBytes: number, key = 'org_1'): Message {
  return { key, value: 'x'.repeat(valueBytes), headers: { 'workos-event-id': id, 'workos-event-type': 'dsync.user.updated' } };
}

describe('assertRecordsFit', () => {
  it('names the event, its size, the limit and the setting', () => {
    const big = eventMessage('event_BIG', 1.5 * MiB);
    let thrown: unknown;
    try {
      assertRecordsFit([{ topic: 'workos.events', message: eventMessage('event_ok', 1_000) }, { topic: 'workos.events', message: big }], MiB);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConnectorError);
    const error = thrown as ConnectorError;
    const size = batchBytes(recordBytes(big));
    expect(error.message).toContain('event event_BIG (dsync.user.updated)');
    expect(error.message).toContain(`${size.toLocaleString('en-US')} bytes`);
    expect(error.message).toContain('1,048,576 bytes (1.00 MiB)');
    expect(error.message).toContain('WORKOS_EVENTS_MAX_MESSAGE_BYTES');
    expect(error.message).toContain('topic workos.events');
    expect(error.retriable).toBe(false);
    expect(error.context).toMatchObject({ reason: 'record-too-large', eventId: 'event_BIG', sizeBytes: size, limitBytes: MiB, setting: 'WORKOS_EVENTS_MAX_MESSAGE_BYTES' });
  });

  it('lets through an event up to the limit', () => {
    const limit = batchBytes(recordBytes(eventMessage('event_edge', MiB)));
    expect(() => assertRecordsFit([{ topic: 't', message: eventMessage('event_edge', MiB) }], limit)).not.toThrow();
    expect(() => assertRecordsFit([{ topic: 't', message: eventMessage('event_edge', MiB) }], limit - 1)).toThrow(/event_edge/);
  });

  it('names a snapshot record by its entity', () => {
    const message: Message = { key: 'org_1', value: 'x'.repeat(2 * MiB), headers: { 'workos-entity': 'directory_user', 'workos-entity-id': 'directory_user_01' } };
    expect(() => assertRecordsFit([{ topic: 't', message }], MiB)).toThrow(/snapshot record of directory_user directory_user_01/);
  });
});

describe('planSends', () => {
  it('keeps a small page and its cursor in one send', () => {
    const records = [...Array.from({ length: 100 }, (_, i) => ({ topic: 'events', message: eventMessage(`e${i}`, 2_000) })), { topic: 'cursor', message: { key: 'c', value: '{}' } }];
    const sends = planSends(records, 8 * MiB);
    expect(sends).toHaveLength(1);
    expect(sends[0]!.topicMessages.map((t) => [t.topic, t.messages.length])).toEqual([
      ['events', 100],
      ['cursor', 1],
    ]);
  });

  it('splits many big events of one partition key into sends that each fit, in order', () => {
    const events = Array.from({ length: 20 }, (_, i) => ({ topic: 'events', message: eventMessage(`e${i}`, 1.5 * MiB) }));
    const sends = planSends([...events, { topic: 'cursor', message: { key: 'c', value: '{}' } }], 8 * MiB);
    // 5 events of 1.5 MiB fit 8 MiB, 6 do not; the small cursor joins the last send.
    expect(sends.map((send) => send.topicMessages.reduce((n, t) => n + t.messages.length, 0))).toEqual([5, 5, 5, 6]);
    for (const send of sends) {
      const bytes = send.topicMessages.flatMap((t) => t.messages).reduce((sum, m) => sum + recordBytes(m), 0);
      expect(batchBytes(bytes)).toBeLessThanOrEqual(8 * MiB);
    }
    const order = sends.flatMap((send) => send.topicMessages.flatMap((t) => t.messages.map((m) => m.headers?.['workos-event-id'] ?? 'cursor')));
    expect(order).toEqual([...events.map((_, i) => `e${i}`), 'cursor']);
    expect(sends.at(-1)!.topicMessages.map((t) => t.topic)).toEqual(['events', 'cursor']);
  });
});

describe('isRecordTooLarge', () => {
  it('recognises the broker answer however kafkajs wraps it', () => {
    const protocol = Object.assign(new Error('The request included a message larger than the max message size the server will accept'), { type: 'MESSAGE_TOO_LARGE' });
    expect(isRecordTooLarge(protocol)).toBe(true);
    expect(isRecordTooLarge(new Error('wrapped', { cause: protocol }))).toBe(true);
    // kafkajs' retrier keeps only the message when it bails.
    expect(isRecordTooLarge(new Error('The request included a message larger than the max message size the server will accept'))).toBe(true);
    expect(isRecordTooLarge(Object.assign(new Error('x'), { type: 'RECORD_LIST_TOO_LARGE' }))).toBe(true);
    expect(isRecordTooLarge(Object.assign(new Error('x'), { type: 'NOT_ENOUGH_REPLICAS' }))).toBe(false);
  });

  it('maps to the same kind of message, naming the topic limit as the culprit', () => {
    const error = recordTooLargeError({ message: eventMessage('event_X', 10), sizeBytes: 2 * MiB, limitBytes: 8 * MiB, topic: 'workos.events', refusedByBroker: true });
    expect(error.message).toMatch(/Kafka refused a record batch of topic workos\.events holding event event_X/);
    expect(error.message).toContain('WORKOS_EVENTS_MAX_MESSAGE_BYTES=8388608');
    expect(error.message).toContain('--add-config max.message.bytes=8388608');
    expect(error.retriable).toBe(false);
  });
});

/** A publisher over a fake producer that records every transactional call. */
function fakePublisher(options: { maxMessageBytes: number; failSend?: (call: number) => Error | undefined }) {
  const calls: string[] = [];
  const sent: TopicMessages[][] = [];
  const transaction = {
    sendBatch: async ({ topicMessages, compression }: { topicMessages: TopicMessages[]; compression?: number }) => {
      calls.push(`send:${compression === kafkajs.CompressionTypes.GZIP ? 'gzip' : 'none'}`);
      sent.push(topicMessages);
      const error = options.failSend?.(sent.length);
      if (error) throw error;
    },
    commit: async () => void calls.push('commit'),
    abort: async () => void calls.push('abort'),
  };
  const producer = { connect: async () => undefined, disconnect: async () => undefined, transaction: async () => (calls.push('begin'), transaction) };
  const kafka = { producer: () => producer } as unknown as Kafka;
  const codec: ValueCodec = { encode: async (value) => Buffer.from(JSON.stringify(value)) } as ValueCodec;
  const cursorStore = { toMessage: async () => ({ key: 'conn', value: '{"cursor":true}' }) } as unknown as CursorStore;
  const publisher = new TransactionalPublisher({
    kafka,
    transactionalId: 'tx',
    eventsTopic: 'workos.events',
    cursorTopic: 'workos.cursor',
    cursorStore,
    eventCodec: codec,
    logger: pino({ level: 'silent' }),
    maxMessageBytes: options.maxMessageBytes,
  });
  return { publisher, calls, sent };
}

function event(id: string, rawBytes: number): RawWorkosEvent {
  return { object: 'event', id, event: 'dsync.user.updated', created_at: '2026-01-01T00:00:00.000Z', data: { organization_id: 'org_1', raw_attributes: { blob: 'x'.repeat(rawBytes) } } } as RawWorkosEvent;
}

const cursor = { connector: 'c', event_id: 'event_last' } as unknown as CursorRecord;

describe('TransactionalPublisher with big events', () => {
  it('stops before opening the transaction when an event cannot fit', async () => {
    const { publisher, calls } = fakePublisher({ maxMessageBytes: MiB });
    await publisher.connect();
    calls.length = 0;
    await expect(publisher.publishPage([event('event_small', 10), event('event_huge', 1.5 * MiB)], cursor)).rejects.toThrow(/event event_huge .* over the limit of 1,048,576 bytes .*WORKOS_EVENTS_MAX_MESSAGE_BYTES/);
    expect(calls).toEqual([]);
  });

  it('sends a page of big events GZIP-compressed in several sends of one transaction', async () => {
    const { publisher, calls, sent } = fakePublisher({ maxMessageBytes: 4 * MiB });
    await publisher.connect();
    calls.length = 0;
    await publisher.publishPage(Array.from({ length: 6 }, (_, i) => event(`event_${i}`, 1.5 * MiB)), cursor);
    expect(calls).toEqual(['begin', 'send:gzip', 'send:gzip', 'send:gzip', 'commit']);
    expect(sent.map((send) => send.map((t) => `${t.topic}:${t.messages.length}`))).toEqual([['workos.events:2'], ['workos.events:2'], ['workos.events:2', 'workos.cursor:1']]);
  });

  it('turns a MESSAGE_TOO_LARGE answer into the fatal message and aborts', async () => {
    const tooLarge = Object.assign(new Error('The request included a message larger than the max message size the server will accept'), { type: 'MESSAGE_TOO_LARGE', retriable: false });
    const { publisher, calls } = fakePublisher({ maxMessageBytes: 8 * MiB, failSend: () => tooLarge });
    await publisher.connect();
    calls.length = 0;
    const failure = publisher.publishPage([event('event_a', 100), event('event_b', 2 * MiB)], cursor);
    await expect(failure).rejects.toMatchObject({ retriable: false, context: { reason: 'record-too-large', eventId: 'event_b' } });
    await expect(failure).rejects.toThrow(/Kafka refused a record batch of topic workos\.events holding event event_b/);
    expect(calls).toEqual(['begin', 'send:gzip', 'abort']);
  });

  it('keeps other failures retriable', async () => {
    const { publisher } = fakePublisher({ maxMessageBytes: 8 * MiB, failSend: () => Object.assign(new Error('Connection error'), { retriable: true }) });
    await publisher.connect();
    await expect(publisher.publishPage([event('event_a', 100)], cursor)).rejects.toMatchObject({ retriable: true, message: 'Kafka transaction failed: Connection error' });
  });
});

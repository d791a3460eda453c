import type { Admin, Kafka } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { resolveConsumerOptions } from '../../../consumers/runtime/consumer-options.js';
import { DLQ_HEADERS } from '../../../consumers/runtime/dead-letter.js';
import { jsonDecoder } from '../../../consumers/runtime/json-decoder.js';
import { isAuthorizationFailure, originOf, REDRIVE_HEADERS, redriveMessage, redriveTopicOf, redriveTopicToRead } from '../../../consumers/runtime/redrive-topic.js';
import { headersToStrings } from '../../../consumers/runtime/record-types.js';
import { ConnectorError } from '../../../core/errors.js';
import { asRead, deadLetterOf, GROUP, REDRIVE, sourceRecord } from './fixtures/dead-letter-records.js';

const AT = new Date('2026-01-02T03:04:05.000Z');
const failure = new ConnectorError('new row violates check constraint', { code: 'HANDLER_FAILED' });

describe('redriveMessage', () => {
  it('keeps key, value and the original headers, drops the dlq-* headers and says which dead letter it is', () => {
    const source = sourceRecord('event_1', '17');
    const dead = deadLetterOf(source, failure, '4');
    const message = redriveMessage(dead, AT);
    expect(message.key).toEqual(source.key);
    expect(message.value).toEqual(source.value);
    // No timestamp: the producer stamps it now, so a time-based retention cannot drop it at once.
    expect(message.timestamp).toBeUndefined();
    expect(headersToStrings(message.headers)).toEqual({
      'workos-event-id': 'event_1',
      'workos-event-type': 'organization.updated',
      [REDRIVE_HEADERS.redrivenAt]: '2026-01-02T03:04:05.000Z',
      [REDRIVE_HEADERS.redrivenFrom]: `${GROUP}.dlq:0:4`,
      [REDRIVE_HEADERS.origin]: 'workos.events:2:17',
    });
  });

  it('keeps the first origin when a redrive fails again and is redriven once more', () => {
    const dead = deadLetterOf(sourceRecord('event_1', '17'), failure, '4');
    const redriven = asRead(redriveMessage(dead, AT), REDRIVE, 0, '0');
    const deadAgain = deadLetterOf(redriven, failure, '9');
    // The second dead letter was read from the redrive topic...
    expect(deadAgain.headers[DLQ_HEADERS.topic]).toBe(REDRIVE);
    // ...but it still knows where the group first read the record, and which dead letter it came from.
    expect(originOf(deadAgain)).toBe('workos.events:2:17');
    expect(deadAgain.headers[REDRIVE_HEADERS.redrivenFrom]).toBe(`${GROUP}.dlq:0:4`);
    const second = headersToStrings(redriveMessage(deadAgain, new Date('2026-01-03T00:00:00.000Z')).headers);
    expect(second).toMatchObject({ [REDRIVE_HEADERS.redrivenFrom]: `${GROUP}.dlq:0:9`, [REDRIVE_HEADERS.origin]: 'workos.events:2:17', [REDRIVE_HEADERS.redrivenAt]: '2026-01-03T00:00:00.000Z' });
    expect(Object.keys(second).filter((name) => Object.values(DLQ_HEADERS).includes(name as never))).toEqual([]);
  });

  it('has no origin for a dead letter whose headers do not say where it was read', () => {
    const bare = asRead({ key: null, value: Buffer.from('x'), headers: {} }, `${GROUP}.dlq`, 0, '0');
    expect(originOf(bare)).toBeUndefined();
    expect(headersToStrings(redriveMessage(bare, AT).headers)).not.toHaveProperty(REDRIVE_HEADERS.origin);
  });
});

describe('the redrive topic option', () => {
  const base = { kafka: {} as Kafka, handler: async () => undefined, decode: jsonDecoder, logger: pino({ level: 'silent' }) };

  it('defaults to <group>.redrive, and false turns it off', () => {
    expect(redriveTopicOf('g')).toBe('g.redrive');
    expect(resolveConsumerOptions({ ...base, groupId: 'g', topic: 't' }).redriveTopic).toBe('g.redrive');
    expect(resolveConsumerOptions({ ...base, groupId: 'g', topic: 't', redriveTopic: false }).redriveTopic).toBe(false);
  });

  it('refuses a redrive topic that is the events topic or the dead-letter topic', () => {
    expect(() => resolveConsumerOptions({ ...base, groupId: 'g', topic: 't', redriveTopic: 't' })).toThrow(/redriveTopic must differ from topic and dlqTopic/);
    expect(() => resolveConsumerOptions({ ...base, groupId: 'g', topic: 't', redriveTopic: 'g.dlq' })).toThrow(/redriveTopic must differ/);
  });
});

describe('redriveTopicToRead', () => {
  /** An admin whose topic list is `existing` and whose CreateTopics throws `refusal` (or creates). */
  function fakeAdmin(existing: string[], refusal?: unknown, created: unknown[] = []): Admin {
    return {
      listTopics: async () => existing,
      createTopics: async (request: unknown) => {
        if (refusal !== undefined) throw refusal;
        created.push(request);
        return true;
      },
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => ({ topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader: 1 }] })) }),
      describeConfigs: async () => ({ resources: [{ resourceName: 'g.redrive', errorCode: 0, configEntries: [] }] }),
    } as unknown as Admin;
  }
  // How kafkajs' CreateTopics reports a refused topic: an aggregate of protocol errors, no cause.
  const refused = Object.assign(new Error('Not authorized to access topics: [Topic authorization failed]'), {
    name: 'KafkaJSAggregateError',
    errors: [{ name: 'KafkaJSProtocolError', type: 'TOPIC_AUTHORIZATION_FAILED', retriable: false }],
  });

  it('creates or finds the topic and reads it', async () => {
    const logger = pino({ level: 'silent' });
    const created: unknown[] = [];
    await expect(redriveTopicToRead(fakeAdmin([], undefined, created), 'g.redrive', 1, 8_454_144, logger)).resolves.toBe('g.redrive');
    await expect(redriveTopicToRead(fakeAdmin(['g.redrive'], refused), 'g.redrive', 1, 8_454_144, logger)).resolves.toBe('g.redrive');
    // Big enough for the biggest record the group reads: a big dead letter must be redrivable.
    expect(created).toMatchObject([{ topics: [{ topic: 'g.redrive', configEntries: expect.arrayContaining([{ name: 'max.message.bytes', value: '8454144' }]) }] }]);
  });

  it('runs without it, with a warning, when an ACL refuses it', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, { write: (line: string) => void lines.push(line) });
    await expect(redriveTopicToRead(fakeAdmin([], refused), 'g.redrive', 1, 1_114_112, logger)).resolves.toBe(false);
    expect(lines.join('')).toMatch(/consuming without it/);
  });

  it('throws anything else, for the start-up path to wait out or report', async () => {
    const notYet = Object.assign(new Error('There is no leader for this topic-partition'), { name: 'KafkaJSProtocolError', type: 'LEADER_NOT_AVAILABLE', retriable: true });
    await expect(redriveTopicToRead(fakeAdmin([], notYet), 'g.redrive', 1, 1_114_112, pino({ level: 'silent' }))).rejects.toThrow(/no leader/);
    expect(isAuthorizationFailure(notYet)).toBe(false);
    expect(isAuthorizationFailure(new Error('x', { cause: { type: 'CLUSTER_AUTHORIZATION_FAILED' } }))).toBe(true);
  });
});

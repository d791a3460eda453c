/**
 * Which kafkajs ERROR entries are routine (a normal start, a rebalance, a transaction's markers)
 * and go below error level, and which stay errors. Lines are kafkajs 2.2.4's own wording.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import kafkajs from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { effectiveKafkaLevel, kafkaLogCreator, LIMITED_RETRIES_WARNING, ROUTINE_ANSWERS } from '../../../core/kafka-log-creator.js';
import { createLogger } from '../../../core/logger.js';

const { logLevel } = kafkajs;
const { ERROR, WARN, INFO, DEBUG } = logLevel;

// kafkajs' table of broker answers; the bridge matches on its wording.
const { errorCodes } = createRequire(import.meta.url)('kafkajs/src/protocol/error.js') as { errorCodes: Array<{ type: string; message: string; retriable: boolean }> };

describe('routine broker answers', () => {
  it('are spelled exactly as kafkajs spells them', () => {
    for (const [type, message] of Object.entries(ROUTINE_ANSWERS)) {
      expect(errorCodes.find((entry) => entry.type === type)?.message, type).toBe(message);
    }
  });

  it.each([
    ['Response Metadata(key: 3, version: 6)', 'This server does not host this topic-partition'],
    ['Response Metadata(key: 3, version: 6)', 'There is no leader for this topic-partition as we are in the middle of a leadership election'],
    ['Response FindCoordinator(key: 10, version: 2)', 'The group coordinator is not available'],
    ['Response JoinGroup(key: 11, version: 5)', "The coordinator is loading and hence can't process requests for this group"],
    ['Response OffsetCommit(key: 8, version: 5)', 'This is not the correct coordinator for this group'],
    ['Response Heartbeat(key: 12, version: 3)', 'The group is rebalancing, so a rejoin is needed'],
    ['Response SyncGroup(key: 14, version: 3)', 'Specified group generation id is not valid'],
    ['Response AddPartitionsToTxn(key: 24, version: 1)', 'The producer attempted to update a transaction while another concurrent operation on the same transaction was ongoing'],
  ])('%s answered "%s" is debug', (message, error) => {
    expect(effectiveKafkaLevel(ERROR, message, error)).toBe(DEBUG);
  });

  it('is debug in a retried send too', () => {
    expect(effectiveKafkaLevel(ERROR, 'Failed to send messages: This server does not host this topic-partition', undefined)).toBe(DEBUG);
  });
});

describe('restarts and connection retries', () => {
  it('"Restarting the consumer" is info', () => {
    expect(effectiveKafkaLevel(ERROR, 'Restarting the consumer in 300ms', undefined)).toBe(INFO);
  });

  it('a crash kafkajs restarts is info', () => {
    expect(effectiveKafkaLevel(ERROR, 'Crash: KafkaJSNumberOfRetriesExceeded: This server does not host this topic-partition', undefined)).toBe(INFO);
    expect(effectiveKafkaLevel(ERROR, 'Crash: KafkaJSProtocolError: The group coordinator is not available', undefined)).toBe(INFO);
    expect(effectiveKafkaLevel(ERROR, 'Crash: KafkaJSConnectionError: Connection error: connect ECONNREFUSED 127.0.0.1:9092', undefined)).toBe(INFO);
  });

  it('connection retries are info', () => {
    expect(effectiveKafkaLevel(ERROR, 'Connection error: connect ECONNREFUSED 127.0.0.1:9092', undefined)).toBe(INFO);
    expect(effectiveKafkaLevel(ERROR, 'Connection timeout', undefined)).toBe(INFO);
    expect(effectiveKafkaLevel(ERROR, 'Failed to connect to seed broker, trying another broker from the list: Connection error: connect ECONNREFUSED', undefined)).toBe(INFO);
  });

  it("the transactional producer's bounded retries are info, in kafkajs' own words", () => {
    const producerSource = readFileSync(createRequire(import.meta.url).resolve('kafkajs/src/producer/index.js'), 'utf8');
    expect(producerSource).toContain(`logger.warn('${LIMITED_RETRIES_WARNING}')`);
    expect(effectiveKafkaLevel(WARN, LIMITED_RETRIES_WARNING, undefined)).toBe(INFO);
    expect(effectiveKafkaLevel(WARN, 'Some other warning', undefined)).toBe(WARN);
  });

  it('a member dropped from its group and rejoining is warn', () => {
    expect(effectiveKafkaLevel(ERROR, 'The coordinator is not aware of this member, re-joining the group', 'The coordinator is not aware of this member')).toBe(WARN);
  });
});

describe('genuine errors', () => {
  it.each([
    // A crash kafkajs does not restart: the group protocol answer is not retriable for it.
    ['Crash: KafkaJSProtocolError: The group is rebalancing, so a rejoin is needed', undefined],
    ['Crash: KafkaJSNonRetriableError: Specified group generation id is not valid', undefined],
    ['Response Produce(key: 0, version: 7)', 'The request included a message larger than the max message size the server will accept'],
    ['Response SaslAuthenticate(key: 36, version: 1)', 'Request is not valid given the current SASL state'],
    ['Response Produce(key: 0, version: 7)', 'Messages are rejected since there are fewer in-sync replicas than required'],
    ['Failed to send messages: Not authorized to access topics: [Topic authorization failed]', undefined],
    ['Error when calling eachBatch', 'boom'],
    ['Offset out of range, resetting to default offset', undefined],
  ])('%s (%s) stays error', (message, error) => {
    expect(effectiveKafkaLevel(ERROR, message, error)).toBe(ERROR);
  });

  it('leaves entries kafkajs did not log at error alone', () => {
    expect(effectiveKafkaLevel(WARN, 'This server does not host this topic-partition', undefined)).toBe(WARN);
    expect(effectiveKafkaLevel(INFO, 'Restarting the consumer in 300ms', undefined)).toBe(INFO);
  });
});

describe('the bridge', () => {
  it('writes a routine answer at debug, a restart at info and a genuine error at error', () => {
    const lines: Array<{ level: number; msg: string }> = [];
    const destination = new Writable({ write: (chunk, _encoding, done) => (lines.push(JSON.parse(String(chunk)) as { level: number; msg: string }), done()) });
    const log = kafkaLogCreator(createLogger({ destination, level: 'debug' }))(DEBUG);
    const entry = (message: string, error?: string) => ({ namespace: 'Connection', level: ERROR, label: 'ERROR', log: { timestamp: '', logger: 'kafkajs', message, ...(error === undefined ? {} : { error }) } });
    log(entry('Response Metadata(key: 3, version: 6)', 'This server does not host this topic-partition'));
    log(entry('Restarting the consumer in 300ms'));
    log(entry('Response Produce(key: 0, version: 7)', 'The request included a message larger than the max message size the server will accept'));
    expect(lines.map((line) => line.level)).toEqual([20, 30, 50]);
  });
});

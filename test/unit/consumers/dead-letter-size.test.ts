import { describe, expect, it } from 'vitest';
import { batchBytes, recordBytes } from '../../../core/message-size.js';
import { batchesWithin } from '../../../consumers/dead-letters/dead-letter-admin.js';
import { deadLetterMaxMessageBytes, recordsTopicLimitWarning } from '../../../consumers/runtime/dead-letter.js';

const message = (bytes: number) => ({ key: 'org_1', value: Buffer.alloc(bytes, 1), headers: { 'dlq-error': 'x' } });

describe('dead letters of big records', () => {
  it('get topics that take the biggest record the group reads, with room for their headers', () => {
    expect(deadLetterMaxMessageBytes(8 * 1024 * 1024)).toBe(8 * 1024 * 1024 + 64 * 1024);
  });

  it('are redriven in sends whose batch fits the topic, a record bigger than half of it alone', () => {
    const limit = 1024 * 1024;
    const messages = [message(600_000), message(600_000), message(100), message(100), message(900_000)];
    const batches = batchesWithin(messages, limit);
    expect(batches.map((batch) => batch.length)).toEqual([1, 3, 1]);
    for (const batch of batches) expect(batchBytes(batch.reduce((sum, m) => sum + recordBytes(m), 0))).toBeLessThanOrEqual(limit);
    expect(batches.flat()).toEqual(messages);
  });

  it('keep sends of small records at 500', () => {
    const batches = batchesWithin(Array.from({ length: 1_201 }, () => message(10)), 8 * 1024 * 1024);
    expect(batches.map((batch) => batch.length)).toEqual([500, 500, 201]);
  });

  it('are warned about when an existing topic takes less, with the command that raises it', () => {
    const spec = { topic: 'g.dlq', maxMessageBytes: 8_454_144, kind: 'dead-letter' };
    expect(recordsTopicLimitWarning(spec, { 'max.message.bytes': '1048588' })).toBe(
      'dead-letter topic g.dlq has max.message.bytes=1048588, below the 8454144 its records may need: a bigger record could not be dead-lettered; ' +
        'raise it with kafka-configs --alter --entity-type topics --entity-name g.dlq --add-config max.message.bytes=8454144',
    );
    expect(recordsTopicLimitWarning({ ...spec, topic: 'g.redrive', kind: 'redrive' }, { 'max.message.bytes': '1' })).toContain('could not be redriven');
    expect(recordsTopicLimitWarning(spec, { 'max.message.bytes': '8454144' })).toBeUndefined();
    expect(recordsTopicLimitWarning(spec, {})).toBeUndefined();
  });
});

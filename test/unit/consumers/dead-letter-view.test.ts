import { describe, expect, it } from 'vitest';
import { summarizeByReason, viewDeadLetter, viewRedriveMark, withRedriveStates, type RedriveMark } from '../../../consumers/dead-letters/dead-letter-view.js';
import { ConnectorError } from '../../../core/errors.js';
import { asRead, deadLetterOf, DLQ, REDRIVE, redriveOf, sourceRecord } from './fixtures/dead-letter-records.js';

const checkFailed = Object.assign(new Error('new row for relation "organizations" violates check constraint "org_name_short"'), { code: '23514' });
const notJson = new ConnectorError('Record value is not JSON', { code: 'DECODE_FAILED' });

/** The marks of `records` (all of them redrive records). */
const marksOf = (...records: Parameters<typeof viewRedriveMark>[0][]): RedriveMark[] => records.map((r) => viewRedriveMark(r) as RedriveMark);

describe('viewDeadLetter', () => {
  it('reads the event, the reason, the attempts, where the group read it and when it was dead-lettered', () => {
    const letter = viewDeadLetter(deadLetterOf(sourceRecord('event_1', '17'), checkFailed, '4', 5));
    expect(letter).toMatchObject({
      id: `${DLQ}:0:4`,
      partition: 0,
      offset: '4',
      eventId: 'event_1',
      key: 'org_1',
      errorCode: '23514',
      error: 'Error: new row for relation "organizations" violates check constraint "org_name_short"',
      attempts: 5,
      origin: 'workos.events:2:17',
      failedAt: 'workos.events:2:17',
      deadLetteredAt: new Date(1_750_000_000_000).toISOString(),
      redriveOf: null,
    });
  });

  it('takes the event id from the value when the header is missing, also behind the registry prefix', () => {
    const plain = { ...sourceRecord('event_2', '1'), headers: {}, rawHeaders: {} };
    expect(viewDeadLetter(deadLetterOf(plain, notJson, '0')).eventId).toBe('event_2');
    const wire = Buffer.concat([Buffer.from([0, 0, 0, 0, 7]), Buffer.from(JSON.stringify({ id: 'event_3' }))]);
    expect(viewDeadLetter(deadLetterOf({ ...plain, value: wire }, notJson, '1')).eventId).toBe('event_3');
    const garbage = { ...plain, value: Buffer.from([0xff, 0xfe]) };
    expect(viewDeadLetter(deadLetterOf(garbage, notJson, '2')).eventId).toBeNull();
  });

  it('reads a record without dlq headers without inventing a reason', () => {
    const letter = viewDeadLetter(asRead({ key: null, value: null, headers: {} }, DLQ, 0, '3', 'not a number'));
    expect(letter).toMatchObject({ errorCode: 'UNKNOWN', error: '', attempts: null, origin: null, failedAt: null, key: null, eventId: null, deadLetteredAt: 'unknown' });
  });
});

describe('viewRedriveMark', () => {
  it('ignores a record of the redrive topic that names no dead letter', () => {
    expect(viewRedriveMark(asRead({ key: null, value: Buffer.from('{}'), headers: {} }, REDRIVE, 0, '0'))).toBeUndefined();
  });
});

describe('withRedriveStates', () => {
  const dead = deadLetterOf(sourceRecord('event_1', '17'), checkFailed, '4');
  const letter = viewDeadLetter(dead);

  it('is not-redriven without a redrive record naming it', () => {
    const other = redriveOf(deadLetterOf(sourceRecord('event_9', '1'), checkFailed, '0'), '0');
    const [state] = withRedriveStates([letter], marksOf(other), new Map([[0, '1']]));
    expect(state).toMatchObject({ state: { kind: 'not-redriven' }, redrives: 0 });
  });

  it('is queued until the group committed past the redrive record, handled after', () => {
    const marks = marksOf(redriveOf(dead, '6'));
    expect(withRedriveStates([letter], marks, new Map())[0]?.state).toEqual({ kind: 'queued', at: '2026-01-02T03:04:05.000Z', redrive: `${REDRIVE}:0:6` });
    expect(withRedriveStates([letter], marks, new Map([[0, '-1']]))[0]?.state.kind).toBe('queued');
    expect(withRedriveStates([letter], marks, new Map([[0, '6']]))[0]?.state.kind).toBe('queued');
    expect(withRedriveStates([letter], marks, new Map([[0, '7']]))[0]?.state.kind).toBe('handled');
  });

  it('is failed-again when a later dead letter was read from its redrive record, which itself is not redriven', () => {
    const redriven = redriveOf(dead, '6');
    const again = viewDeadLetter(deadLetterOf(redriven, checkFailed, '8'));
    expect(again).toMatchObject({ redriveOf: letter.id, failedAt: `${REDRIVE}:0:6`, origin: 'workos.events:2:17' });
    const [first, second] = withRedriveStates([letter, again], marksOf(redriven), new Map([[0, '7']]));
    expect(first?.state).toEqual({ kind: 'failed-again', at: '2026-01-02T03:04:05.000Z', redrive: `${REDRIVE}:0:6`, deadLetter: again.id });
    expect(second?.state.kind).toBe('not-redriven');
  });

  it('judges by the last redrive and counts them all', () => {
    const first = redriveOf(dead, '1', new Date('2026-01-01T00:00:00.000Z'));
    const second = redriveOf(dead, '5', new Date('2026-01-05T00:00:00.000Z'));
    // The first failed again, the second (asked for with --again after a fix) is still queued.
    const again = viewDeadLetter(deadLetterOf(first, checkFailed, '8'));
    const [state] = withRedriveStates([letter, again], marksOf(second, first), new Map([[0, '2']]));
    expect(state).toMatchObject({ redrives: 2, state: { kind: 'queued', redrive: `${REDRIVE}:0:5` } });
  });
});

describe('summarizeByReason', () => {
  it('counts per error code, most frequent first, with how many were never redriven', () => {
    const letters = [
      deadLetterOf(sourceRecord('event_1', '1'), checkFailed, '0'),
      deadLetterOf(sourceRecord('event_2', '2'), notJson, '1'),
      deadLetterOf(sourceRecord('event_3', '3'), checkFailed, '2'),
    ];
    const marks = marksOf(redriveOf(letters[0] as (typeof letters)[number], '0'));
    const summary = summarizeByReason(withRedriveStates(letters.map(viewDeadLetter), marks, new Map()));
    expect(summary).toEqual([
      { errorCode: '23514', count: 2, notRedriven: 1, example: 'Error: new row for relation "organizations" violates check constraint "org_name_short"' },
      { errorCode: 'DECODE_FAILED', count: 1, notRedriven: 1, example: 'ConnectorError: Record value is not JSON' },
    ]);
  });
});

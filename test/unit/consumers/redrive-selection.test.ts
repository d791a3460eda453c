import { describe, expect, it } from 'vitest';
import { viewDeadLetter, viewRedriveMark, withRedriveStates, type DeadLetterStatus, type RedriveMark } from '../../../consumers/dead-letters/dead-letter-view.js';
import { matchesFilter, selectForRedrive } from '../../../consumers/dead-letters/redrive-selection.js';
import { ConnectorError } from '../../../core/errors.js';
import { asRead, deadLetterOf, redriveOf, sourceRecord } from './fixtures/dead-letter-records.js';

const checkFailed = Object.assign(new Error('violates check constraint "org_name_short"'), { code: '23514' });
const webhookDown = new ConnectorError('Effect welcome-message for event event_4 failed: HTTP 503', { code: 'HANDLER_FAILED' });

/**
 * Five dead letters: event_1 (check constraint, redriven and handled), event_2 (check constraint),
 * event_3 (its redrive failed again → the dead letter of event_3 at offset 4), event_4 (webhook).
 */
function fixture(): DeadLetterStatus[] {
  const d0 = deadLetterOf(sourceRecord('event_1', '10'), checkFailed, '0');
  const d1 = deadLetterOf(sourceRecord('event_2', '11', { key: 'org_2' }), checkFailed, '1');
  const d2 = deadLetterOf(sourceRecord('event_3', '12'), checkFailed, '2');
  const d3 = deadLetterOf(sourceRecord('event_4', '13'), webhookDown, '3');
  const r0 = redriveOf(d0, '0');
  const r1 = redriveOf(d2, '1');
  const d4 = deadLetterOf(r1, checkFailed, '4');
  const marks = [r0, r1].map((r) => viewRedriveMark(r) as RedriveMark);
  // The records arrive in any order; the selection sorts them back.
  return withRedriveStates([d4, d3, d2, d1, d0].map(viewDeadLetter), marks, new Map([[0, '2']]));
}

const ids = (letters: readonly DeadLetterStatus[]) => letters.map((letter) => letter.eventId);

describe('matchesFilter', () => {
  const [letter] = fixture().filter((l) => l.eventId === 'event_4');
  if (letter === undefined) throw new Error('fixture lacks event_4');

  it('matches an error code exactly in any case, or words of the error text', () => {
    expect(matchesFilter(letter, { eventIds: [] })).toBe(true);
    expect(matchesFilter(letter, { eventIds: [], reason: 'handler_failed' })).toBe(true);
    expect(matchesFilter(letter, { eventIds: [], reason: 'HANDLER' })).toBe(false);
    expect(matchesFilter(letter, { eventIds: [], reason: 'http 503' })).toBe(true);
    expect(matchesFilter(letter, { eventIds: [], reason: '23514' })).toBe(false);
  });

  it('matches listed event ids only; a dead letter without an event id matches no id', () => {
    expect(matchesFilter(letter, { eventIds: ['event_1', 'event_4'] })).toBe(true);
    expect(matchesFilter(letter, { eventIds: ['event_1'] })).toBe(false);
    const anonymous = withRedriveStates([viewDeadLetter(asRead({ key: null, value: null, headers: {} }, 'g.dlq', 0, '0'))], [], new Map());
    expect(matchesFilter(anonymous[0] as DeadLetterStatus, { eventIds: ['event_1'] })).toBe(false);
  });
});

describe('selectForRedrive', () => {
  it('takes every dead letter not redriven before, in dead-letter order', () => {
    const selection = selectForRedrive(fixture(), { eventIds: [] }, false);
    expect(ids(selection.selected)).toEqual(['event_2', 'event_4', 'event_3']);
    expect(selection.selected.map((l) => l.offset)).toEqual(['1', '3', '4']);
    expect(selection.skipped.map(({ letter, reason }) => [letter.offset, reason])).toEqual([
      ['2', 'failed-again'],
      ['0', 'already-redriven'],
    ]);
    expect(selection.unmatchedEventIds).toEqual([]);
  });

  it('with again also takes those redriven before, but never one whose newer dead letter stands for it', () => {
    const selection = selectForRedrive(fixture(), { eventIds: [] }, true);
    expect(selection.selected.map((l) => l.offset)).toEqual(['0', '1', '3', '4']);
    expect(selection.skipped.map(({ letter, reason }) => [letter.offset, reason])).toEqual([['2', 'failed-again']]);
  });

  it('narrows by reason and by event id, and names the requested ids no dead letter has', () => {
    expect(ids(selectForRedrive(fixture(), { eventIds: [], reason: '23514' }, false).selected)).toEqual(['event_2', 'event_3']);
    const byEvent = selectForRedrive(fixture(), { eventIds: ['event_1', 'event_4', 'event_404'] }, false);
    expect(ids(byEvent.selected)).toEqual(['event_4']);
    expect(ids(byEvent.skipped.map((s) => s.letter))).toEqual(['event_1']);
    expect(byEvent.unmatchedEventIds).toEqual(['event_404']);
  });

  it('selects nothing from nothing', () => {
    expect(selectForRedrive([], { eventIds: ['event_1'] }, true)).toEqual({ selected: [], skipped: [], unmatchedEventIds: ['event_1'] });
  });
});

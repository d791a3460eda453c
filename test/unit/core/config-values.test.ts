import { describe, expect, it } from 'vitest';
import { booleanText, commaList, integerFrom, nonNegativeInteger, portNumber, positiveInteger, topicName } from '../../../core/config-values.js';

const messageOf = (result: { error?: { issues: Array<{ message: string }> } }): string | undefined => result.error?.issues[0]?.message;

describe('setting value types', () => {
  it('reads whole numbers and says which range a bad one is outside of', () => {
    expect(positiveInteger.parse('5000')).toBe(5000);
    expect(nonNegativeInteger.parse('0')).toBe(0);
    expect(integerFrom(-1).parse('-1')).toBe(-1);
    expect(portNumber.parse('65535')).toBe(65_535);
    for (const bad of ['0', '-5', '1.5', 'often']) expect(messageOf(positiveInteger.safeParse(bad))).toBe('must be a whole number ≥ 1');
    expect(messageOf(portNumber.safeParse('70000'))).toBe('must be a whole number from 1 to 65535');
  });

  it('reads true/false, 1/0 and yes/no', () => {
    expect(['true', '1', 'yes'].map((value) => booleanText.parse(value))).toEqual([true, true, true]);
    expect(['false', '0', 'no'].map((value) => booleanText.parse(value))).toEqual([false, false, false]);
    expect(messageOf(booleanText.safeParse('on'))).toBe('must be true or false');
  });

  it('splits comma lists', () => {
    expect(commaList.parse(' a, b ,,c ')).toEqual(['a', 'b', 'c']);
    expect(commaList.parse('')).toEqual([]);
  });

  it('accepts only names Kafka accepts for a topic', () => {
    expect(topicName.parse('workos.events_v2-x')).toBe('workos.events_v2-x');
    for (const bad of ['', '.', '..', 'has space', 'a/b', 'x'.repeat(250)]) expect(topicName.safeParse(bad).success, bad).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { OrderedAcks } from '../../../../connector/lease/ordered-acks.js';

describe('OrderedAcks', () => {
  it('commits past records that close on arrival', () => {
    const acks = new OrderedAcks();
    expect(acks.add('0', true)).toBe('1');
    expect(acks.add('1', true)).toBe('2');
  });

  it('holds the commit below an open request, and moves past everything closed behind it once it closes', () => {
    const acks = new OrderedAcks();
    expect(acks.add('4', true)).toBe('5');
    expect(acks.add('5', false)).toBeUndefined();
    expect(acks.add('6', true)).toBeUndefined();
    expect(acks.add('7', false)).toBeUndefined();
    expect(acks.close('7')).toBeUndefined();
    expect(acks.close('5')).toBe('8');
  });

  it('ignores closing an offset it never saw', () => {
    const acks = new OrderedAcks();
    expect(acks.add('0', false)).toBeUndefined();
    expect(acks.close('9')).toBeUndefined();
    expect(acks.close('0')).toBe('1');
  });
});

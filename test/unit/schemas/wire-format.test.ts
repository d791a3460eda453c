import { describe, expect, it } from 'vitest';
import { FRAME_HEADER_LENGTH, frame, MAGIC_BYTE, readFrame, startsWithMagicByte } from '../../../schemas/wire-format.js';

describe('Confluent wire format', () => {
  it('frames as magic byte 0, 4-byte big-endian schema id, payload', () => {
    const framed = frame(258, Buffer.from('{"a":1}'));
    expect([...framed.subarray(0, FRAME_HEADER_LENGTH)]).toEqual([MAGIC_BYTE, 0, 0, 1, 2]);
    expect(framed.subarray(FRAME_HEADER_LENGTH).toString()).toBe('{"a":1}');
  });

  it('reads back what it framed, including the largest id', () => {
    const payload = Buffer.from('{"id":"event_01"}');
    expect(readFrame(frame(0x7fffffff, payload))).toEqual({ schemaId: 0x7fffffff, payload });
  });

  it('refuses ids the 4-byte field cannot carry', () => {
    for (const bad of [0, -1, 1.5, 0x80000000]) expect(() => frame(bad, Buffer.alloc(0))).toThrow(RangeError);
  });

  it('tells framed records from plain JSON by the first byte', () => {
    expect(startsWithMagicByte(Buffer.from('{"a":1}'))).toBe(false);
    expect(startsWithMagicByte(Buffer.from(' [1]'))).toBe(false);
    expect(startsWithMagicByte(Buffer.alloc(0))).toBe(false);
    expect(startsWithMagicByte(frame(1, Buffer.from('{}')))).toBe(true);
    expect(readFrame(Buffer.from('{"a":1}'))).toBeUndefined();
    expect(readFrame(Buffer.from([0, 0, 1]))).toBeUndefined();
  });
});

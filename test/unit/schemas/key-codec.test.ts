import { describe, expect, it } from 'vitest';
import { decodeKey, encodeKey } from '../../../schemas/key-codec.js';

describe('key codec', () => {
  it('is plain UTF-8 both ways, never framed', () => {
    for (const key of ['org_01EHZNVPK3SFK441A1RGBFSHRT', 'role:admin', 'email:jøn@exämple.com', '\uFEFFbom-kept']) {
      const bytes = encodeKey(key);
      expect(bytes.equals(Buffer.from(key, 'utf8'))).toBe(true);
      expect(decodeKey(bytes)).toBe(key);
    }
  });

  it('returns null for a keyless record', () => {
    expect(decodeKey(null)).toBeNull();
    expect(decodeKey(undefined)).toBeNull();
  });

  it('rejects bytes that are not UTF-8 instead of merging keys', () => {
    expect(() => decodeKey(Buffer.from([0x6f, 0xff, 0xfe]))).toThrow(
      expect.objectContaining({ code: 'DECODE_FAILED', retriable: false, context: { reason: 'invalid-utf8' } }),
    );
  });
});

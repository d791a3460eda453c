/**
 * Record keys (partition keys, connector names) are plain UTF-8 strings, never registry-framed:
 * the key decides the partition, so its bytes must not depend on a schema id.
 */
import { ConnectorError } from '../core/errors.js';

// ignoreBOM keeps a leading U+FEFF as part of the key instead of silently dropping it.
const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The bytes of a key. */
export function encodeKey(key: string): Buffer {
  return Buffer.from(key, 'utf8');
}

/**
 * The key a record carries, or null for a keyless record. Throws `DECODE_FAILED` (reason
 * `invalid-utf8`) when the bytes are not valid UTF-8, since a lossy decode would merge keys.
 */
export function decodeKey(bytes: Buffer | null | undefined): string | null {
  if (bytes === null || bytes === undefined) return null;
  try {
    return UTF8.decode(bytes);
  } catch (cause) {
    throw new ConnectorError('Record key is not valid UTF-8', {
      code: 'DECODE_FAILED',
      cause,
      context: { reason: 'invalid-utf8' },
    });
  }
}

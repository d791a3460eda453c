/**
 * The Confluent wire format: magic byte 0, the schema id as a 4-byte big-endian integer, then the
 * serialised value. Plain JSON can never start with byte 0 (a JSON text starts with whitespace or
 * a value), so the first byte alone tells the two apart.
 */

/** First byte of every registry-framed record. */
export const MAGIC_BYTE = 0;

/** Bytes before the payload: magic byte + schema id. */
export const FRAME_HEADER_LENGTH = 5;

/** Largest schema id the 4-byte signed field can hold. */
const MAX_SCHEMA_ID = 0x7fffffff;

/** A framed record taken apart. */
export interface Frame {
  schemaId: number;
  payload: Buffer;
}

/** Prefixes `payload` with the magic byte and `schemaId` (an integer in 1..2^31-1). */
export function frame(schemaId: number, payload: Buffer): Buffer {
  if (!Number.isInteger(schemaId) || schemaId < 1 || schemaId > MAX_SCHEMA_ID) {
    throw new RangeError(`schema id must be an integer in 1..${MAX_SCHEMA_ID}, got ${schemaId}`);
  }
  const header = Buffer.alloc(FRAME_HEADER_LENGTH);
  header.writeUInt8(MAGIC_BYTE, 0);
  header.writeInt32BE(schemaId, 1);
  return Buffer.concat([header, payload]);
}

/** Whether `bytes` starts with the magic byte (a record written through a registry). */
export function startsWithMagicByte(bytes: Buffer): boolean {
  return bytes.length > 0 && bytes[0] === MAGIC_BYTE;
}

/**
 * Takes a framed record apart; `undefined` when `bytes` does not start with the magic byte or is
 * too short to hold a schema id.
 */
export function readFrame(bytes: Buffer): Frame | undefined {
  if (!startsWithMagicByte(bytes) || bytes.length < FRAME_HEADER_LENGTH) return undefined;
  return { schemaId: bytes.readInt32BE(1), payload: bytes.subarray(FRAME_HEADER_LENGTH) };
}

/**
 * The codec without a registry: values are plain JSON text in UTF-8. Decoding only checks that
 * the bytes are JSON (no schema validation without a registry), and refuses registry-framed
 * records rather than misreading them.
 */
import { ConnectorError, type ErrorContext } from '../core/errors.js';
import type { Codec } from './codec-types.js';
import { readFrame, startsWithMagicByte } from './wire-format.js';

/** Creates the plain JSON codec; `topic` only labels errors. */
export function createJsonCodec(topic: string): Codec {
  return {
    mode: 'json',
    subject: undefined,
    encode: async (value) => encodeJson(value, { topic }),
    prepare: async () => undefined,
    decode: async (bytes) => {
      if (bytes !== null && bytes !== undefined && startsWithMagicByte(bytes)) {
        const schemaId = readFrame(bytes)?.schemaId;
        throw decodeFailed(
          `Record is framed for a schema registry (magic byte 0${schemaId === undefined ? '' : `, schema id ${schemaId}`}) but no registry is configured; set SCHEMA_REGISTRY_URL`,
          'registry-framed',
          { topic, ...(schemaId === undefined ? {} : { schemaId }) },
        );
      }
      return parseJson(bytes, { topic });
    },
  };
}

/** Serialises `value` as JSON UTF-8; throws `ENCODE_FAILED` for values JSON cannot represent. */
export function encodeJson(value: unknown, context: ErrorContext = {}): Buffer {
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch (cause) {
    throw new ConnectorError(`Value cannot be serialised as JSON: ${(cause as Error).message}`, {
      code: 'ENCODE_FAILED',
      cause,
      context,
    });
  }
  if (text === undefined) {
    throw new ConnectorError('Value cannot be serialised as JSON (undefined or a function)', {
      code: 'ENCODE_FAILED',
      context,
    });
  }
  return Buffer.from(text, 'utf8');
}

/**
 * Parses JSON UTF-8 bytes. Throws `DECODE_FAILED` with reason `empty` (null or zero bytes) or
 * `invalid-json`.
 */
export function parseJson(bytes: Buffer | null | undefined, context: ErrorContext = {}): unknown {
  if (bytes === null || bytes === undefined || bytes.length === 0) {
    throw decodeFailed('Record value is empty', 'empty', context);
  }
  try {
    return JSON.parse(bytes.toString('utf8'));
  } catch (cause) {
    throw decodeFailed(`Record value is not valid JSON: ${(cause as Error).message}`, 'invalid-json', context, cause);
  }
}

/** A non-retriable `DECODE_FAILED` error; consumers route these to the dead-letter topic. */
export function decodeFailed(message: string, reason: string, context: ErrorContext, cause?: unknown): ConnectorError {
  return new ConnectorError(message, {
    code: 'DECODE_FAILED',
    retriable: false,
    cause,
    context: { ...context, reason },
  });
}

/**
 * The simplest {@link RecordDecoder}: UTF-8 JSON. The project's schema codec (`schemas/`) is the
 * production decoder; this one serves tests and services that read plain-JSON topics.
 */
import { ConnectorError } from '../../core/errors.js';
import type { RecordDecoder } from './record-types.js';

/** Parses the value as UTF-8 JSON; a parse failure is a non-retriable `DECODE_FAILED`. */
export const jsonDecoder: RecordDecoder = async (value) => {
  try {
    return JSON.parse(value.toString('utf8')) as unknown;
  } catch (err) {
    throw new ConnectorError(`Record value is not JSON: ${err instanceof Error ? err.message : String(err)}`, {
      code: 'DECODE_FAILED',
      retriable: false,
      cause: err,
      context: { reason: 'invalid-json' },
    });
  }
};

/**
 * The record decoder the shipped consumers use: the project's value codec (`schemas/`), through
 * the schema registry when one is configured, plain JSON otherwise. Only the entry points build
 * it; the runtime takes any decoder.
 */
import { createCodec } from '../../schemas/codec.js';
import { EVENT_ENVELOPE_SCHEMA } from '../../schemas/event-envelope.js';
import type { RecordDecoder } from '../runtime/record-types.js';

/** A decoder for `workos.events` values. */
export function createEventDecoder(topic: string, registryUrl: string | undefined): RecordDecoder {
  const codec = createCodec({ topic, schema: EVENT_ENVELOPE_SCHEMA, registryUrl });
  return (value) => codec.decode(value);
}

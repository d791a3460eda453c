/**
 * The codec with a Confluent-compatible registry: JSON Schema values in the Confluent framing
 * (magic byte 0 + 4-byte schema id + JSON UTF-8), subject `<topic>-value`.
 */
import { COMPATIBILITY, SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { ErrorContext } from '../core/errors.js';
import type { Codec, CodecOptions, JsonConfluentSchema, RegistryAuth, RegistryClient } from './codec-types.js';
import { AJV_OPTIONS } from './json-schema.js';
import { decodeFailed, parseJson } from './json-codec.js';
import { classifyRegistryError, isSchemaNotRegistered } from './registry-errors.js';
import { FRAME_HEADER_LENGTH, MAGIC_BYTE, readFrame, startsWithMagicByte } from './wire-format.js';

/** The part of the client's schema instance the codec's fast path uses (`JsonSchema`'s validation). */
interface ValidatingSchema {
  isValid(payload: unknown, options: { errorHook: () => void }): boolean;
}

// `JsonSchema.isValid` answers true for an invalid value unless it is given an error hook.
const IGNORE_ERRORS = { errorHook: (): void => undefined };

function isValidatingSchema(value: unknown): value is ValidatingSchema {
  return typeof (value as { isValid?: unknown } | null)?.isValid === 'function';
}

/** The part of the client's schema instance (JSON, Avro or Protobuf alike) that reads a payload. */
interface DecodingSchema {
  fromBuffer(payload: Buffer): unknown;
}

function isDecodingSchema(value: unknown): value is DecodingSchema {
  return typeof (value as { fromBuffer?: unknown } | null)?.fromBuffer === 'function';
}

/**
 * The bytes `client.encode` writes for a valid `value` (magic byte, schema id, JSON UTF-8), in
 * one buffer: the client stringifies, copies the string into a buffer, then concatenates the
 * frame into another, three allocations for every event. Undefined when JSON cannot write it
 * (the client then raises its own error).
 */
function framedJson(schemaId: number, value: unknown): Buffer | undefined {
  let json: string | undefined;
  try {
    json = JSON.stringify(value) as string | undefined;
  } catch {
    return undefined;
  }
  if (json === undefined) return undefined;
  const bytes = Buffer.allocUnsafe(FRAME_HEADER_LENGTH + Buffer.byteLength(json));
  bytes.writeUInt8(MAGIC_BYTE, 0);
  bytes.writeInt32BE(schemaId, 1);
  bytes.write(json, FRAME_HEADER_LENGTH, 'utf8');
  return bytes;
}

/** Client id the registry sees in its logs. */
export const REGISTRY_CLIENT_ID = 'workos-kafka';

/** The subject of a topic's values under Confluent's TopicNameStrategy. */
export function valueSubject(topic: string): string {
  return `${topic}-value`;
}

/**
 * A registry client whose JSON validation never alters values (see `AJV_OPTIONS`). Keeps the
 * library's own HTTP retries (3 retries, up to 5 s, on 5xx only).
 */
export function createRegistryClient(registryUrl: string, auth?: RegistryAuth): SchemaRegistry {
  return new SchemaRegistry(
    {
      host: registryUrl.replace(/\/+$/, ''),
      clientId: REGISTRY_CLIENT_ID,
      ...(auth === undefined ? {} : { auth: { username: auth.username, password: auth.password } }),
    },
    { [SchemaType.JSON]: { ...AJV_OPTIONS } },
  );
}

/**
 * Creates the registry codec. The schema id is resolved on first use, once: first by looking the
 * schema up under the subject (no write, no compatibility check, so restarts against a
 * pre-registered schema need no write access), else by registering it. A failed resolution is
 * not cached, so the next call tries again.
 */
export function createRegistryCodec(client: RegistryClient, options: CodecOptions): Codec {
  const subject = options.subject ?? valueSubject(options.topic);
  const context: ErrorContext = { topic: options.topic, subject };
  const schema: JsonConfluentSchema = { type: SchemaType.JSON, schema: JSON.stringify(options.schema) };
  const compatibility = options.compatibility ?? COMPATIBILITY.BACKWARD;
  const acceptUnframed = options.acceptUnframed ?? true;
  let schemaId: Promise<number> | undefined;
  // The client caches a schema only once its fetch returns, so a burst of concurrent decodes of a
  // new id would each fetch it. One shared fetch per id fills that cache for all of them.
  const schemaFetches = new Map<number, Promise<unknown>>();
  // Schemas whose fetch returned, read without a promise: decoding a long topic is a hot loop.
  const loadedSchemas = new Map<number, unknown>();
  const schemaLoaded = (id: number): Promise<unknown> => {
    let fetch = schemaFetches.get(id);
    if (fetch === undefined) {
      fetch = client.getSchema(id).then(
        (loaded) => {
          loadedSchemas.set(id, loaded);
          return loaded;
        },
        (err: unknown) => {
          schemaFetches.delete(id);
          throw err;
        },
      );
      schemaFetches.set(id, fetch);
    }
    return fetch;
  };

  const resolveSchemaId = async (): Promise<number> => {
    try {
      return await client.getRegistryIdBySchema(subject, schema);
    } catch (err) {
      if (!isSchemaNotRegistered(err)) throw classifyRegistryError(err, 'register', context);
    }
    try {
      return (await client.register(schema, { subject, compatibility })).id;
    } catch (err) {
      throw classifyRegistryError(err, 'register', context);
    }
  };
  const currentSchemaId = (): Promise<number> => {
    schemaId ??= resolveSchemaId().catch((err: unknown) => {
      schemaId = undefined;
      throw err;
    });
    return schemaId;
  };

  return {
    mode: 'registry',
    subject,
    encode: async (value) => {
      const id = await currentSchemaId();
      try {
        // Same reason as decode: without it, a first page of concurrent encodes compiles the schema once per event.
        const schema = await schemaLoaded(id);
        // A value the schema refuses, or JSON cannot write, goes through the client, so its
        // error (and the paths it names) stays the client's.
        const bytes = isValidatingSchema(schema) && schema.isValid(value, IGNORE_ERRORS) ? framedJson(id, value) : undefined;
        return bytes ?? (await client.encode(id, value));
      } catch (err) {
        throw classifyRegistryError(err, 'encode', { ...context, schemaId: id });
      }
    },
    prepare: async () => {
      const id = await currentSchemaId();
      try {
        await schemaLoaded(id);
      } catch (err) {
        throw classifyRegistryError(err, 'encode', { ...context, schemaId: id });
      }
    },
    decode: async (bytes) => {
      if (bytes === null || bytes === undefined || bytes.length === 0) return parseJson(bytes, context);
      const frame = readFrame(bytes);
      if (frame === undefined) {
        if (startsWithMagicByte(bytes)) throw decodeFailed('Record is too short to hold a schema id', 'truncated-frame', context);
        if (acceptUnframed) return parseJson(bytes, context);
        throw decodeFailed('Record is not framed for the schema registry (no magic byte 0)', 'not-framed', context);
      }
      try {
        // What `client.decode` does for a record it has the schema of (we never pass it reader
        // options): the writer schema reads the payload, validating it. Called directly, a record
        // costs no promise chain through the client's cache.
        const loaded = loadedSchemas.get(frame.schemaId) ?? (await schemaLoaded(frame.schemaId));
        if (isDecodingSchema(loaded)) return loaded.fromBuffer(frame.payload);
        return await client.decode(bytes);
      } catch (err) {
        throw classifyRegistryError(err, 'decode', { ...context, schemaId: frame.schemaId });
      }
    },
  };
}

import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { describe, expect, it, vi } from 'vitest';
import type { RegistryClient } from '../../../schemas/codec.js';
import { createCodec } from '../../../schemas/codec.js';
import { CURSOR_RECORD_SCHEMA } from '../../../schemas/cursor-record.js';
import { EVENT_ENVELOPE_SCHEMA } from '../../../schemas/event-envelope.js';
import { createRegistryClient } from '../../../schemas/registry-codec.js';
import { frame } from '../../../schemas/wire-format.js';
import { DSYNC_USER_UPDATED, MEMBERSHIP_CREATED } from './fixtures.js';

/** mappersmith's ResponseError as the registry client throws it. */
const httpError = (status: number, message = `status ${status}`) => Object.assign(new Error(message), { name: 'ResponseError', status });
/** What getRegistryIdBySchema throws for a lookup miss: a rewrapped 404 with no status. */
const notRegistered = () => Object.assign(new Error('Schema not found'), { name: 'ConfluentSchemaRegistryError' });

function fakeClient(overrides: Partial<RegistryClient> = {}) {
  const base = {
    getRegistryIdBySchema: vi.fn<RegistryClient['getRegistryIdBySchema']>(async () => Promise.reject(notRegistered())),
    register: vi.fn<RegistryClient['register']>(async () => ({ id: 11 })),
    encode: vi.fn<RegistryClient['encode']>(async (id, payload) => frame(id, Buffer.from(JSON.stringify(payload)))),
    decode: vi.fn<RegistryClient['decode']>(async (buffer) => JSON.parse(buffer.subarray(5).toString())),
    getSchema: vi.fn<RegistryClient['getSchema']>(async () => ({})),
  };
  // Overrides are vi.fn mocks as well, so the mock typing still holds.
  return { ...base, ...overrides } as typeof base;
}

describe('registry codec: id resolution', () => {
  it('registers under <topic>-value once, as a JSON schema, and reuses the id', async () => {
    const client = fakeClient();
    const codec = createCodec({ topic: 'workos.events', schema: EVENT_ENVELOPE_SCHEMA, registryClient: client });
    expect(codec).toMatchObject({ mode: 'registry', subject: 'workos.events-value' });
    await Promise.all([codec.encode(MEMBERSHIP_CREATED), codec.encode(DSYNC_USER_UPDATED)]);
    await codec.encode(MEMBERSHIP_CREATED);
    expect(client.getRegistryIdBySchema).toHaveBeenCalledTimes(1);
    expect(client.register).toHaveBeenCalledTimes(1);
    const [schema, opts] = client.register.mock.calls[0] ?? [];
    expect(schema).toEqual({ type: SchemaType.JSON, schema: JSON.stringify(EVENT_ENVELOPE_SCHEMA) });
    expect(opts).toEqual({ subject: 'workos.events-value', compatibility: 'BACKWARD' });
    expect(client.encode.mock.calls.map(([id]) => id)).toEqual([11, 11, 11]);
  });

  it('uses an already registered schema without writing', async () => {
    const client = fakeClient({ getRegistryIdBySchema: vi.fn(async () => 7) });
    const codec = createCodec({ topic: 't', schema: CURSOR_RECORD_SCHEMA, registryClient: client });
    const bytes = await codec.encode({ connector: 'c', event_id: null, event_created_at: null, written_at: '2024-01-01T00:00:00Z' });
    expect(bytes.readInt32BE(1)).toBe(7);
    expect(client.register).not.toHaveBeenCalled();
  });

  it('does not cache a failed resolution, and reports an unreachable registry as retriable', async () => {
    const client = fakeClient({
      getRegistryIdBySchema: vi.fn<RegistryClient['getRegistryIdBySchema']>().mockRejectedValueOnce(httpError(400, 'Confluent_Schema_Registry - Error, status 400: connect ECONNREFUSED 127.0.0.1:8081')).mockResolvedValue(5),
    });
    const codec = createCodec({ topic: 't', schema: {}, registryClient: client });
    await expect(codec.encode({})).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
    await expect(codec.encode({})).resolves.toBeInstanceOf(Buffer);
    expect(client.getRegistryIdBySchema).toHaveBeenCalledTimes(2);
  });

  it('reports refused credentials and compatibility mismatches as fatal REGISTRY_REJECTED', async () => {
    const auth = createCodec({ topic: 't', schema: {}, registryClient: fakeClient({ getRegistryIdBySchema: vi.fn(async () => Promise.reject(httpError(401))) }) });
    await expect(auth.encode({})).rejects.toMatchObject({ code: 'REGISTRY_REJECTED', retriable: false, context: { status: 401 } });
    const compat = Object.assign(new Error('Compatibility does not match the configuration (BACKWARD != FULL)'), { name: 'ConfluentSchemaRegistryCompatibilityError' });
    const mismatch = createCodec({ topic: 't', schema: {}, registryClient: fakeClient({ register: vi.fn(async () => Promise.reject(compat)) }) });
    await expect(mismatch.encode({})).rejects.toMatchObject({ code: 'REGISTRY_REJECTED', retriable: false });
    const incompatible = createCodec({ topic: 't', schema: {}, registryClient: fakeClient({ register: vi.fn(async () => Promise.reject(httpError(409))) }) });
    await expect(incompatible.encode({})).rejects.toMatchObject({ code: 'REGISTRY_REJECTED', context: { status: 409 } });
    const down = createCodec({ topic: 't', schema: {}, registryClient: fakeClient({ register: vi.fn(async () => Promise.reject(httpError(503))) }) });
    await expect(down.encode({})).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
  });
});

describe('registry codec: decoding', () => {
  const codecWith = (client: RegistryClient, acceptUnframed?: boolean) =>
    createCodec({ topic: 'workos.events', schema: EVENT_ENVELOPE_SCHEMA, registryClient: client, ...(acceptUnframed === undefined ? {} : { acceptUnframed }) });

  it('rejects an unknown schema id as DECODE_FAILED for the dead-letter topic', async () => {
    const codec = codecWith(fakeClient({ decode: vi.fn(async () => Promise.reject(httpError(404, 'Schema 99 not found'))) }));
    await expect(codec.decode(frame(99, Buffer.from('{}')))).rejects.toMatchObject({
      code: 'DECODE_FAILED',
      retriable: false,
      context: { reason: 'unknown-schema-id', schemaId: 99, status: 404 },
    });
  });

  it('asks for a retry, not a dead letter, when the registry is down while decoding', async () => {
    const codec = codecWith(fakeClient({ decode: vi.fn(async () => Promise.reject(httpError(502))) }));
    await expect(codec.decode(frame(3, Buffer.from('{}')))).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
  });

  it('reads unframed plain JSON by default (topics written before the registry), or refuses it', async () => {
    const plain = Buffer.from(JSON.stringify(MEMBERSHIP_CREATED));
    await expect(codecWith(fakeClient()).decode(plain)).resolves.toStrictEqual(MEMBERSHIP_CREATED);
    await expect(codecWith(fakeClient(), false).decode(plain)).rejects.toMatchObject({ code: 'DECODE_FAILED', context: { reason: 'not-framed' } });
    await expect(codecWith(fakeClient()).decode(Buffer.from([0, 0, 1]))).rejects.toMatchObject({ context: { reason: 'truncated-frame' } });
  });
});

/**
 * The real registry client with only its HTTP calls stubbed: the schema it "fetches" goes through
 * the library's own JsonSchema class, ajv 7 with our options, and its Confluent framing.
 */
function offlineRegistry(schemasById: Record<number, unknown>, subjectId = 1): SchemaRegistry {
  const registry = createRegistryClient('http://registry.invalid:8081');
  const internals = registry as unknown as Record<string, unknown>;
  internals.getSchemaOriginRequest = async (id: number) => {
    const schema = schemasById[id];
    if (schema === undefined) throw httpError(404, `Schema ${id} not found`);
    return { data: () => ({ schema: JSON.stringify(schema), schemaType: 'JSON' }) };
  };
  registry.getRegistryIdBySchema = async () => subjectId;
  return registry;
}

describe('registry codec through the real @kafkajs/confluent-schema-registry 3.9.0 client', () => {
  const registry = offlineRegistry({ 1: EVENT_ENVELOPE_SCHEMA });
  const codec = createCodec({ topic: 'workos.events', schema: EVENT_ENVELOPE_SCHEMA, registryClient: registry });

  it('frames with magic byte 0 and the schema id, then plain JSON text', async () => {
    const bytes = await codec.encode(DSYNC_USER_UPDATED);
    expect(bytes.equals(frame(1, Buffer.from(JSON.stringify(DSYNC_USER_UPDATED))))).toBe(true);
  });

  it('decodes to a value deep-equal to what WorkOS served: nothing stripped, coerced or defaulted', async () => {
    const event = {
      ...DSYNC_USER_UPDATED,
      object: 'event',
      context: { client_id: 'client_01', actor: { id: 'user_1', name: null, source: 'dashboard' } },
      future_field: { kept: [1, '2', null, false] },
      data: { ...DSYNC_USER_UPDATED.data, emails: [{ primary: true, value: 'jon@example.com' }], job_title: null },
    };
    expect(await codec.decode(await codec.encode(event))).toStrictEqual(event);
  });

  it('validates on encode without coercing: a numeric id is refused, not turned into a string', async () => {
    await expect(codec.encode({ ...MEMBERSHIP_CREATED, id: 123 })).rejects.toMatchObject({ code: 'ENCODE_FAILED', retriable: false });
    await expect(codec.encode({ ...MEMBERSHIP_CREATED, data: undefined })).rejects.toMatchObject({ code: 'ENCODE_FAILED' });
  });

  it('rejects a framed record whose JSON does not match its schema, or is not JSON', async () => {
    await expect(codec.decode(frame(1, Buffer.from('{"id":"event_01"}')))).rejects.toMatchObject({
      code: 'DECODE_FAILED',
      context: { reason: 'schema-mismatch', schemaId: 1 },
    });
    await expect(codec.decode(frame(1, Buffer.from('{"id":')))).rejects.toMatchObject({ code: 'DECODE_FAILED', context: { reason: 'invalid-json' } });
    await expect(codec.decode(frame(77, Buffer.from('{}')))).rejects.toMatchObject({ code: 'DECODE_FAILED', context: { reason: 'unknown-schema-id' } });
  });

  it('decodes records of any schema id the registry knows, even with keywords ajv 7 lacks, without applying defaults', async () => {
    const foreign = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      'x-owner': 'another-team',
      properties: { when: { type: 'string', format: 'date-time' }, flag: { type: 'boolean', default: true } },
      additionalProperties: false,
    };
    const other = createCodec({ topic: 'workos.events', schema: EVENT_ENVELOPE_SCHEMA, registryClient: offlineRegistry({ 1: EVENT_ENVELOPE_SCHEMA, 9: foreign }) });
    const value = { when: 'not-a-date' };
    expect(await other.decode(frame(9, Buffer.from(JSON.stringify(value))))).toStrictEqual(value);
  });

  it('accepts both record schemas as valid draft-07 that ajv compiles', async () => {
    const cursors = createCodec({ topic: 'workos.cursor', schema: CURSOR_RECORD_SCHEMA, registryClient: offlineRegistry({ 2: CURSOR_RECORD_SCHEMA }, 2) });
    const cursor = { connector: 'workos-events', event_id: 'event_01', event_created_at: '2024-01-01T00:00:00.000Z', written_at: '2024-01-01T00:00:01.000Z' };
    expect(await cursors.decode(await cursors.encode(cursor))).toStrictEqual(cursor);
    const byTime = { ...cursor, event_id: null };
    expect(await cursors.decode(await cursors.encode(byTime))).toStrictEqual(byTime);
    await expect(cursors.encode({ ...cursor, written_at: undefined })).rejects.toMatchObject({ code: 'ENCODE_FAILED' });
  });
});

describe('registry codec: decoding a burst', () => {
  // Regression: 20,000 concurrent decodes of a fresh schema id each fetched the schema over HTTP.
  it('fetches an unseen schema id once for many concurrent decodes', async () => {
    const client = fakeClient();
    const codec = createCodec({ topic: 'workos.events', schema: EVENT_ENVELOPE_SCHEMA, registryClient: client });
    const bytes = frame(42, Buffer.from(JSON.stringify(MEMBERSHIP_CREATED)));
    const decoded = await Promise.all(Array.from({ length: 50 }, () => codec.decode(bytes)));
    expect(decoded).toHaveLength(50);
    expect(decoded[49]).toEqual(MEMBERSHIP_CREATED);
    expect(client.getSchema).toHaveBeenCalledTimes(1);
    expect(client.getSchema).toHaveBeenCalledWith(42);
  });
});

describe('registry codec: encoding a first burst', () => {
  // Regression: a connector's first page (100 concurrent encodes) compiled the schema 100 times: 4.4 s.
  it('loads the schema once for many concurrent first encodes', async () => {
    const client = fakeClient();
    const codec = createCodec({ topic: 'workos.events', schema: EVENT_ENVELOPE_SCHEMA, registryClient: client });
    await Promise.all(Array.from({ length: 40 }, () => codec.encode(MEMBERSHIP_CREATED)));
    expect(client.getSchema).toHaveBeenCalledTimes(1);
    expect(client.encode).toHaveBeenCalledTimes(40);
  });
});

describe('registry codec: encoding without the client on the hot path', () => {
  it('writes the bytes the client writes for a valid value, and leaves a refused one to the client and its error', async () => {
    const registry = offlineRegistry({ 1: EVENT_ENVELOPE_SCHEMA });
    const clientEncode = vi.spyOn(registry, 'encode');
    const codec = createCodec({ topic: 'workos.events', schema: EVENT_ENVELOPE_SCHEMA, registryClient: registry });
    const valid = { ...DSYNC_USER_UPDATED, data: { ...DSYNC_USER_UPDATED.data, name: 'Zoë 😀' } };
    const bytes = await codec.encode(valid);
    expect(bytes.equals(await offlineRegistry({ 1: EVENT_ENVELOPE_SCHEMA }).encode(1, valid))).toBe(true);
    expect(clientEncode).not.toHaveBeenCalled();
    await expect(codec.encode({ ...MEMBERSHIP_CREATED, id: 123 })).rejects.toMatchObject({ code: 'ENCODE_FAILED' });
    expect(clientEncode).toHaveBeenCalledTimes(1);
  });

  it('prepare resolves the id and loads the schema once, before any encode', async () => {
    const client = fakeClient();
    const codec = createCodec({ topic: 'workos.events', schema: EVENT_ENVELOPE_SCHEMA, registryClient: client });
    await codec.prepare();
    expect(client.getSchema).toHaveBeenCalledWith(11);
    await codec.encode(MEMBERSHIP_CREATED);
    expect(client.getRegistryIdBySchema).toHaveBeenCalledTimes(1);
    expect(client.getSchema).toHaveBeenCalledTimes(1);
  });
});

describe('registry codec: decoding without the client on the hot path', () => {
  it('reads a record of a loaded schema through that schema, with the same value and the same refusals as the client', async () => {
    const registry = offlineRegistry({ 1: EVENT_ENVELOPE_SCHEMA });
    const clientDecode = vi.spyOn(registry, 'decode');
    const codec = createCodec({ topic: 'workos.events', schema: EVENT_ENVELOPE_SCHEMA, registryClient: registry });
    const valid = { ...DSYNC_USER_UPDATED, data: { ...DSYNC_USER_UPDATED.data, name: 'Zoë 😀' } };
    const bytes = await codec.encode(valid);
    expect(await codec.decode(bytes)).toStrictEqual(await offlineRegistry({ 1: EVENT_ENVELOPE_SCHEMA }).decode(bytes));
    expect(await codec.decode(bytes)).toStrictEqual(valid);
    await expect(codec.decode(frame(1, Buffer.from('{"id":"event_01"}')))).rejects.toMatchObject({ code: 'DECODE_FAILED', context: { reason: 'schema-mismatch' } });
    await expect(codec.decode(frame(1, Buffer.from('{"id":')))).rejects.toMatchObject({ code: 'DECODE_FAILED', context: { reason: 'invalid-json' } });
    expect(clientDecode).not.toHaveBeenCalled();
  });

  it('leaves a schema it cannot read a payload with to the client', async () => {
    const client = fakeClient();
    const codec = createCodec({ topic: 'workos.events', schema: EVENT_ENVELOPE_SCHEMA, registryClient: client });
    await codec.decode(frame(5, Buffer.from(JSON.stringify(MEMBERSHIP_CREATED))));
    await codec.decode(frame(5, Buffer.from(JSON.stringify(MEMBERSHIP_CREATED))));
    expect(client.decode).toHaveBeenCalledTimes(2);
    expect(client.getSchema).toHaveBeenCalledTimes(1);
  });
});

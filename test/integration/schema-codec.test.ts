import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it } from 'vitest';
import { createCodec } from '../../schemas/codec.js';
import { CURSOR_RECORD_SCHEMA } from '../../schemas/cursor-record.js';
import { EVENT_ENVELOPE_SCHEMA } from '../../schemas/event-envelope.js';
import { createRegistryClient } from '../../schemas/registry-codec.js';
import { frame } from '../../schemas/wire-format.js';

/** The registry the global setup started or found; SCHEMA_REGISTRY_URL when run by hand. */
function registryUrl(): string {
  const url = inject('schemaRegistryUrl') ?? process.env.SCHEMA_REGISTRY_URL;
  if (!url) throw new Error('no schema registry: the global setup provides schemaRegistryUrl, or set SCHEMA_REGISTRY_URL');
  return url;
}

const topic = (prefix: string) => `${prefix}.${randomUUID().slice(0, 8)}`;

/** A raw event as WorkOS serves it, with the awkward bits a faithful codec must keep. */
const EVENT = {
  object: 'event',
  id: 'event_01KD8Z96BMTAXC8Z9VAQJEYJPW',
  event: 'dsync.user.updated',
  created_at: '2020-05-06 04:21:48.649164',
  context: { client_id: 'client_01234ABCD', actor: { id: 'user_01', name: null, source: 'dashboard' } },
  data: {
    object: 'directory_user',
    id: 'directory_user_456',
    directory_id: 'dir_123',
    organization_id: 'org_123',
    email: 'jonsnow@workos.com',
    first_name: 'Jøn ❄️',
    last_name: 'Snow',
    emails: [{ primary: true, type: 'work', value: 'jonsnow@workos.com' }],
    job_title: null,
    custom_attributes: { custom: true, score: 1.5e-7 },
    raw_attributes: {},
    state: 'active',
    role: { slug: 'super_admin' },
    previous_attributes: { role: { slug: 'member' } },
    created_at: '2021-10-27 15:21:50.640959',
    updated_at: '2021-12-13 12:15:45.531847',
  },
  unknown_future_field: [1, '2', null, false],
};

describe('value codec against the real schema registry', () => {
  it('registers the envelope under <topic>-value and round-trips an event deep-equal', async () => {
    const eventsTopic = topic('codec-events');
    const codec = createCodec({ topic: eventsTopic, schema: EVENT_ENVELOPE_SCHEMA, registryUrl: registryUrl() });
    expect(codec).toMatchObject({ mode: 'registry', subject: `${eventsTopic}-value` });

    const bytes = await codec.encode(EVENT);
    expect(bytes[0]).toBe(0);
    const schemaId = bytes.readInt32BE(1);
    expect(bytes.subarray(5).toString('utf8')).toBe(JSON.stringify(EVENT));
    expect(await codec.decode(bytes)).toStrictEqual(EVENT);

    // A second encode reuses the registered id; the registry lists the subject.
    expect((await codec.encode(EVENT)).readInt32BE(1)).toBe(schemaId);
    expect(await createRegistryClient(registryUrl()).getLatestSchemaId(`${eventsTopic}-value`)).toBe(schemaId);
  });

  it('lets a fresh process (no cache) decode by schema id, and finds the existing registration', async () => {
    const eventsTopic = topic('codec-fresh');
    const bytes = await createCodec({ topic: eventsTopic, schema: EVENT_ENVELOPE_SCHEMA, registryUrl: registryUrl() }).encode(EVENT);
    const fresh = createCodec({ topic: eventsTopic, schema: EVENT_ENVELOPE_SCHEMA, registryUrl: registryUrl() });
    expect(await fresh.decode(bytes)).toStrictEqual(EVENT);
    expect((await fresh.encode(EVENT)).readInt32BE(1)).toBe(bytes.readInt32BE(1));
  });

  it('round-trips cursor records, with null event id', async () => {
    const codec = createCodec({ topic: topic('codec-cursor'), schema: CURSOR_RECORD_SCHEMA, registryUrl: registryUrl() });
    const cursor = { connector: 'workos-events', event_id: null, event_created_at: '2024-01-01T00:00:00.000Z', written_at: new Date().toISOString() };
    expect(await codec.decode(await codec.encode(cursor))).toStrictEqual(cursor);
  });

  it('refuses an event that does not match the envelope schema (ENCODE_FAILED)', async () => {
    const codec = createCodec({ topic: topic('codec-invalid'), schema: EVENT_ENVELOPE_SCHEMA, registryUrl: registryUrl() });
    await expect(codec.encode({ ...EVENT, id: 42 })).rejects.toMatchObject({ code: 'ENCODE_FAILED', retriable: false });
  });

  it('rejects a schema id the registry does not know as DECODE_FAILED', async () => {
    const codec = createCodec({ topic: topic('codec-unknown'), schema: EVENT_ENVELOPE_SCHEMA, registryUrl: registryUrl() });
    await expect(codec.decode(frame(2_000_000_000, Buffer.from(JSON.stringify(EVENT))))).rejects.toMatchObject({
      code: 'DECODE_FAILED',
      retriable: false,
      context: { reason: 'unknown-schema-id' },
    });
  });

  it('reports an unreachable registry as retriable REGISTRY_UNAVAILABLE', async () => {
    const codec = createCodec({ topic: topic('codec-down'), schema: EVENT_ENVELOPE_SCHEMA, registryUrl: 'http://127.0.0.1:9' });
    await expect(codec.encode(EVENT)).rejects.toMatchObject({ code: 'REGISTRY_UNAVAILABLE', retriable: true });
  });
});

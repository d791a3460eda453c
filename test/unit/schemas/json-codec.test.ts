import { describe, expect, it } from 'vitest';
import { createCodec } from '../../../schemas/codec.js';
import { EVENT_ENVELOPE_SCHEMA } from '../../../schemas/event-envelope.js';
import { frame } from '../../../schemas/wire-format.js';
import { DSYNC_USER_UPDATED, MEMBERSHIP_CREATED } from './fixtures.js';

const codec = createCodec({ topic: 'workos.events', schema: EVENT_ENVELOPE_SCHEMA });

describe('createCodec without a registry (plain JSON)', () => {
  it('is the json mode with no subject', () => {
    expect(codec.mode).toBe('json');
    expect(codec.subject).toBeUndefined();
    expect(createCodec({ topic: 't', schema: {}, registryUrl: '  ' }).mode).toBe('json');
  });

  it('writes exactly the JSON text in UTF-8', async () => {
    const bytes = await codec.encode(MEMBERSHIP_CREATED);
    expect(bytes.toString('utf8')).toBe(JSON.stringify(MEMBERSHIP_CREATED));
  });

  it('round-trips raw events deep-equal, unknown fields, nulls and unicode included', async () => {
    const odd = {
      ...DSYNC_USER_UPDATED,
      unknown_top_level: { nested: [1, null, 'x', { deep: true }] },
      context: null,
      data: { ...DSYNC_USER_UPDATED.data, first_name: 'Jøn ❄️', manager: null, score: 1.5e-7 },
    };
    for (const event of [MEMBERSHIP_CREATED, DSYNC_USER_UPDATED, odd]) {
      expect(await codec.decode(await codec.encode(event))).toStrictEqual(event);
    }
  });

  it('rejects a registry-framed record, naming the schema id', async () => {
    const framed = frame(42, Buffer.from(JSON.stringify(MEMBERSHIP_CREATED)));
    await expect(codec.decode(framed)).rejects.toMatchObject({
      code: 'DECODE_FAILED',
      retriable: false,
      context: { reason: 'registry-framed', schemaId: 42, topic: 'workos.events' },
    });
    await expect(codec.decode(framed)).rejects.toThrow(/no registry is configured/);
  });

  it('rejects invalid JSON and empty values as non-retriable DECODE_FAILED', async () => {
    await expect(codec.decode(Buffer.from('{"id": "event_01", '))).rejects.toMatchObject({
      code: 'DECODE_FAILED',
      retriable: false,
      context: { reason: 'invalid-json' },
    });
    await expect(codec.decode(Buffer.from('<html>502</html>'))).rejects.toMatchObject({ context: { reason: 'invalid-json' } });
    await expect(codec.decode(null)).rejects.toMatchObject({ code: 'DECODE_FAILED', context: { reason: 'empty' } });
    await expect(codec.decode(Buffer.alloc(0))).rejects.toMatchObject({ context: { reason: 'empty' } });
  });

  it('refuses values JSON cannot represent', async () => {
    await expect(codec.encode(undefined)).rejects.toMatchObject({ code: 'ENCODE_FAILED' });
    await expect(codec.encode({ n: 10n })).rejects.toMatchObject({ code: 'ENCODE_FAILED' });
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(codec.encode(cyclic)).rejects.toMatchObject({ code: 'ENCODE_FAILED' });
  });

  it('checks its options', () => {
    expect(() => createCodec({ topic: ' ', schema: {} })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    expect(() => createCodec({ topic: 't', schema: {}, registryUrl: 'localhost:8081' })).toThrow(/must start with http/);
  });
});

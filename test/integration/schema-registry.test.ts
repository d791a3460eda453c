import { SchemaRegistry, SchemaType } from '@kafkajs/confluent-schema-registry';
import { describe, expect, inject, it } from 'vitest';
import { uniqueName } from '../support/kafka-test-kit.js';

describe('the real schema registry the suite runs against', () => {
  it('registers a JSON schema and round-trips a record with the Confluent framing', async () => {
    const registry = new SchemaRegistry({ host: inject('schemaRegistryUrl') });
    const schema = JSON.stringify({
      $schema: 'http://json-schema.org/draft-07/schema#',
      type: 'object',
      required: ['id', 'event'],
      properties: { id: { type: 'string' }, event: { type: 'string' } },
    });
    const subject = `${uniqueName('roundtrip')}-value`;
    const { id } = await registry.register({ type: SchemaType.JSON, schema }, { subject });
    const record = { id: 'event_01', event: 'user.created', data: { nested: { keep: [1, null, 'x'] } }, extra: true };

    const encoded = await registry.encode(id, record);
    expect(encoded[0]).toBe(0);
    expect(encoded.readInt32BE(1)).toBe(id);
    expect(await registry.decode(encoded)).toEqual(record);
    expect(await registry.getLatestSchemaId(subject)).toBe(id);
  });

  it('rejects a record that does not match the registered schema', async () => {
    const registry = new SchemaRegistry({ host: inject('schemaRegistryUrl') });
    const schema = JSON.stringify({ type: 'object', required: ['id'], properties: { id: { type: 'string' } } });
    const { id } = await registry.register({ type: SchemaType.JSON, schema }, { subject: `${uniqueName('strict')}-value` });
    await expect(registry.encode(id, { id: 42 })).rejects.toThrow();
  });
});

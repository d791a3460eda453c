/**
 * Regression: kafkajs registers a transactional id lazily (on the first `transaction()`), so a
 * `TransactionalPublisher.connect()` that only connected the producer did not fence an older
 * instance. The newer instance then read the cursor while the older one kept committing pages,
 * and both published them (duplicates after a takeover). `connect()` must fence by itself.
 */
import { describe, expect, inject, it, onTestFinished } from 'vitest';
import { cursorAtTime } from '../../../connector/cursor-record.js';
import { TransactionalPublisher } from '../../../connector/publisher.js';
import { createLogger } from '../../../core/logger.js';
import { createCodec } from '../../../schemas/codec.js';
import { EVENT_ENVELOPE_SCHEMA } from '../../../schemas/event-envelope.js';
import { freshConnectorNames } from '../../support/connector-harness.js';
import { connectedAdmin, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { cursorStoreFor } from './support/kafka-reads.js';

describe('TransactionalPublisher.connect()', () => {
  it('fences an older instance with the same transactional id before any transaction of its own', async () => {
    const names = freshConnectorNames();
    const kafka = testKafka();
    const admin = await connectedAdmin(kafka);
    const cursorStore = cursorStoreFor(names);
    await cursorStore.ensureTopic(admin, -1);
    const transactionalId = uniqueName('txn');
    const publisher = (): TransactionalPublisher => {
      const created = new TransactionalPublisher({
        kafka,
        transactionalId,
        eventsTopic: names.eventsTopic,
        cursorTopic: names.cursorTopic,
        cursorStore,
        eventCodec: createCodec({ topic: names.eventsTopic, schema: EVENT_ENVELOPE_SCHEMA, registryUrl: inject('schemaRegistryUrl') }),
        logger: createLogger({ level: 'silent' }),
      });
      onTestFinished(() => created.disconnect());
      return created;
    };

    const older = publisher();
    await older.connect();
    await older.publishPage([], cursorAtTime(names.connectorName, new Date('2025-01-01T00:00:00Z')));
    const newer = publisher();
    await newer.connect();

    // The older instance must not commit anything once the newer one has connected.
    await expect(older.publishPage([], cursorAtTime(names.connectorName, new Date('2025-02-01T00:00:00Z')))).rejects.toMatchObject({
      code: 'KAFKA_FENCED',
    });
    expect((await cursorStore.readLatest())?.event_created_at).toBe('2025-01-01T00:00:00.000Z');
  });
});

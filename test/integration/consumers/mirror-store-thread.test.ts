/**
 * The mirror as the role runs it on SQLite: the store on its own thread, taking the consumer's
 * batches undecoded. On the real broker, a batch holding records the mirror cannot read fails as
 * a whole on the store's thread, and the runtime's per-record path then applies its good records
 * and dead-letters the bad ones with their reasons: the mirror still equals the model.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startDirectoryMirror } from '../../../consumers/directory-mirror/mirror-consumer.js';
import { isRecordApplyingStore, type RecordApplyingStore } from '../../../consumers/directory-mirror/mirror-store.js';
import { DLQ_HEADERS } from '../../../consumers/runtime/dead-letter.js';
import { jsonDecoder } from '../../../consumers/runtime/json-decoder.js';
import { connectedAdmin, createTestTopic, readTopic, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { publishEvents, publishRaw, stopAfterTest, waitUntilCaughtUp } from './support/consumer-kit.js';
import { generateEventStream } from './support/event-stream.js';
import { expectedSnapshot, snapshotStore } from './support/mirror-snapshot.js';
import { TEST_MIRROR_STORES } from './support/mirror-stores.js';

const logger = pino({ level: 'silent' });
const threaded = TEST_MIRROR_STORES.find((under) => under.name === 'sqlite on its own thread');

describe('directory mirror with its SQLite store on its own thread', () => {
  it('decodes batches on the store thread, and a batch with unreadable records falls back to the per-record path', async () => {
    const kafka = testKafka();
    // One partition: the poison records sit in the same fetched batch as good ones.
    const topic = await createTestTopic(kafka, 'mirror-thread', 1);
    const admin = await connectedAdmin(kafka);
    const events = generateEventStream({ organizations: 2, usersPerOrganization: 6, seed: 7 });
    const half = Math.floor(events.length / 2);
    await publishEvents(kafka, topic, events.slice(0, half));
    const missingId = { ...events[0]!, id: 'event_missing_id', event: 'organization.updated', data: { object: 'organization', name: 'no id' } };
    await publishRaw(kafka, topic, [{ value: 'not json' }, { value: JSON.stringify(missingId) }]);
    await publishEvents(kafka, topic, events.slice(half));

    const opened = await threaded!.open({ topic });
    if (!isRecordApplyingStore(opened)) throw new Error('the threaded store must take undecoded records');
    const batches = { applied: 0, failed: 0 };
    const store: RecordApplyingStore = {
      ...opened,
      applyRecords: async (records, groupId) => {
        try {
          await opened.applyRecords(records, groupId);
          batches.applied += 1;
        } catch (err) {
          batches.failed += 1;
          throw err;
        }
      },
    };
    const groupId = uniqueName('mirror-thread');
    const run = await startDirectoryMirror({ kafka, store, decode: jsonDecoder, logger, topic, groupId });
    stopAfterTest(run);
    await waitUntilCaughtUp(admin, groupId, topic);

    expect(await snapshotStore(store)).toEqual(expectedSnapshot(events));
    const progress = await store.progress(groupId);
    expect(progress).toHaveLength(1);
    expect(Number(progress[0]?.offset)).toBe(events.length + 1);
    // The poison batch failed on the store's thread; the good records of every batch arrived.
    expect(batches.failed).toBeGreaterThanOrEqual(1);
    expect(batches.applied + batches.failed).toBeGreaterThanOrEqual(1);
    const letters = await readTopic(kafka, `${groupId}.dlq`, 2, 15_000);
    expect(letters.map((letter) => letter.headers[DLQ_HEADERS.errorCode]).sort()).toEqual(['DECODE_FAILED', 'INVALID_EVENT']);
    expect(letters.map((letter) => letter.headers[DLQ_HEADERS.offset]).sort()).toEqual([String(half), String(half + 1)].sort());
  });
});

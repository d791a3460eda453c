/**
 * The directory mirror end to end on the real broker, for SQLite and PostgreSQL: it converges to
 * what the pure handler says, and replaying (full rebuild from earliest, or from a timestamp)
 * yields the same mirror row for row.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { startDirectoryMirror } from '../../../consumers/directory-mirror/mirror-consumer.js';
import { rebuildMirror } from '../../../consumers/directory-mirror/rebuild-mirror.js';
import type { MirrorStore } from '../../../consumers/directory-mirror/mirror-store.js';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import { parseTimestampMs } from '../../../core/workos-timestamp.js';
import { replayGroup } from '../../../consumers/replay.js';
import { jsonDecoder } from '../../../consumers/runtime/json-decoder.js';
import { connectedAdmin, createTestTopic, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { publishEvents, stopAfterTest, waitUntilCaughtUp, waitUntilGroupEmpty } from './support/consumer-kit.js';
import { generateEventStream } from './support/event-stream.js';
import { expectedSnapshot, snapshotStore } from './support/mirror-snapshot.js';
import { openForTest, TEST_DATABASES } from './support/databases.js';

const logger = pino({ level: 'silent' });

describe.each(TEST_DATABASES)('directory mirror replay on $kind', (db) => {
  it('rebuilds from earliest and replays from a timestamp into an identical mirror', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'mirror-replay', 3);
    const admin = await connectedAdmin(kafka);
    const events = generateEventStream({ organizations: 3, usersPerOrganization: 20, seed: 11 });
    await publishEvents(kafka, topic, events);
    const store: MirrorStore = createSqlMirrorStore(await openForTest(db.freshConfig()));
    await store.migrate();
    const groupId = uniqueName('mirror');
    const runToEnd = async (): Promise<void> => {
      const run = await startDirectoryMirror({ kafka, store, decode: jsonDecoder, logger, topic, groupId });
      stopAfterTest(run);
      await waitUntilCaughtUp(admin, groupId, topic);
      await run.stop();
      await waitUntilGroupEmpty(admin, groupId);
    };

    await runToEnd();
    const first = await snapshotStore(store);
    expect(first).toEqual(expectedSnapshot(events));
    expect(first.directory_users.length).toBe(60);
    expect(first.directory_users.some((row) => row.deletedAtUs !== null)).toBe(true);
    expect(first.group_memberships.some((row) => row.deletedAtUs !== null)).toBe(true);
    expect((await store.progress(groupId)).map((p) => p.partition)).toEqual([0, 1, 2]);

    // Full rebuild: offsets to earliest, tables wiped, replay everything.
    const rebuild = await rebuildMirror({ admin, store, groupId, topic, dryRun: false });
    expect(rebuild.applied).toBe(true);
    expect(rebuild.partitions.every((p) => p.to === '0' && p.from !== null)).toBe(true);
    expect(Object.values(await store.counts()).every((c) => c.live + c.deleted === 0)).toBe(true);
    await runToEnd();
    expect(await snapshotStore(store)).toEqual(first);

    // Replay from the middle of the stream, over the existing rows: nothing changes.
    const middleMs = parseTimestampMs(events[Math.floor(events.length / 2)]!.created_at)!;
    const dry = await replayGroup({ admin, groupId, topic, target: { kind: 'timestamp', timestampMs: middleMs } });
    expect(dry).toMatchObject({ dryRun: true, applied: false, groupState: 'Empty', activeMembers: 0 });
    expect(dry.partitions.some((p) => BigInt(p.to) < BigInt(p.from ?? '0'))).toBe(true);
    const [before] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(before?.partitions.map((p) => p.offset).sort()).toEqual(dry.partitions.map((p) => p.from).sort());
    const applied = await replayGroup({ admin, groupId, topic, target: { kind: 'timestamp', timestampMs: middleMs }, dryRun: false });
    const [after] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(after?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual(applied.partitions.map((p) => [p.partition, p.to]).sort());
    await runToEnd();
    expect(await snapshotStore(store)).toEqual(first);
  });
});

describe('replay safety', () => {
  it('refuses to move the offsets of a group that has active members, and moves given offsets otherwise', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'replay-refuse', 2);
    const admin = await connectedAdmin(kafka);
    await publishEvents(kafka, topic, generateEventStream({ organizations: 2, usersPerOrganization: 3 }));
    const store = createSqlMirrorStore(await openForTest(TEST_DATABASES[0]!.freshConfig()));
    await store.migrate();
    const groupId = uniqueName('mirror');
    const run = await startDirectoryMirror({ kafka, store, decode: jsonDecoder, logger, topic, groupId });
    stopAfterTest(run);
    await waitUntilCaughtUp(admin, groupId, topic);
    await expect(replayGroup({ admin, groupId, topic, target: { kind: 'earliest' }, dryRun: false })).rejects.toMatchObject({
      code: 'CONFIG_INVALID',
      context: { reason: 'group-active' },
    });
    await expect(rebuildMirror({ admin, store, groupId, topic, dryRun: false })).rejects.toThrow(/active member/);
    expect((await store.counts()).organizations.live).toBe(2);

    await run.stop();
    await waitUntilGroupEmpty(admin, groupId);
    await expect(replayGroup({ admin, groupId, topic, target: { kind: 'offsets', offsets: [{ partition: 0, offset: '999999' }] }, dryRun: false })).rejects.toThrow(
      /outside/,
    );
    const moved = await replayGroup({ admin, groupId, topic, target: { kind: 'offsets', offsets: [{ partition: 1, offset: '1' }] }, dryRun: false });
    expect(moved.partitions).toEqual([{ partition: 1, from: expect.any(String), to: '1' }]);
    const [committed] = await admin.fetchOffsets({ groupId, topics: [topic] });
    expect(committed?.partitions.find((p) => p.partition === 1)?.offset).toBe('1');
  });
});

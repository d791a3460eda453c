/**
 * No side effects from snapshots: the notifier reads a topic holding a snapshot of WorkOS's state
 * (thousands of existing users) and the events after it, sends exactly the effects the events
 * plan and none for the snapshot, and a replay of the whole topic sends nothing twice.
 */
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createEventDecoder } from '../../../consumers/config/event-decoder.js';
import { parseTopicRecord } from '../../../consumers/events/topic-record.js';
import { createEffectExecutor } from '../../../consumers/notifier/effect-executor.js';
import { startNotifier } from '../../../consumers/notifier/notifier-consumer.js';
import { planEffects } from '../../../consumers/notifier/plan-effects.js';
import { createRecordingSender } from '../../../consumers/notifier/senders/recording-sender.js';
import { createSqlEffectLedger } from '../../../consumers/notifier/sql-effect-ledger.js';
import { replayGroup } from '../../../consumers/replay.js';
import type { WorkosEmulator } from '../../../emulator/server.js';
import { emulatorWithHistory, publishSnapshotAndEvents } from './support/snapshot-world.js';
import { connectedAdmin, readTopic, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { stopAfterTest, waitUntilCaughtUp, waitUntilGroupEmpty } from '../consumers/support/consumer-kit.js';
import { openForTest, TEST_DATABASES } from '../consumers/support/databases.js';

const logger = pino({ level: 'silent' });
let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

describe('snapshots and side effects', () => {
  it('sends the effects of events only, and nothing twice on a full replay', { timeout: 300_000 }, async () => {
    emulator = await emulatorWithHistory(73, 10, 5_000, 90);
    const { names, env } = await publishSnapshotAndEvents(emulator, 180_000);

    // What the topic holds, read independently: the effects its events plan, and how many snapshot rows it has.
    const kafka = testKafka();
    const decode = createEventDecoder(names.eventsTopic, env.SCHEMA_REGISTRY_URL);
    const records = await readTopic(kafka, names.eventsTopic, Number.MAX_SAFE_INTEGER, 20_000);
    const parsed = await Promise.all(records.map(async (record) => parseTopicRecord(await decode(record.value!, record.headers))));
    const planned = parsed.flatMap((value) => (value.kind === 'event' ? planEffects(value.parsed) : []));
    const snapshotUsers = parsed.filter((value) => value.kind === 'snapshot' && value.record.entity === 'directory_user').length;
    expect(snapshotUsers).toBeGreaterThan(200);
    expect(planned.length).toBeGreaterThan(0);

    const ledger = createSqlEffectLedger(await openForTest(TEST_DATABASES[0]!.freshConfig()));
    await ledger.migrate();
    const sender = createRecordingSender();
    const executor = createEffectExecutor({ ledger, senders: { 'welcome-message': sender, 'deprovision-call': sender }, logger });
    const admin = await connectedAdmin(kafka);
    const groupId = uniqueName('notifier');
    const runToEnd = async (): Promise<void> => {
      const run = await startNotifier({ kafka, executor, decode, logger, topic: names.eventsTopic, groupId });
      stopAfterTest(run);
      await waitUntilCaughtUp(admin, groupId, names.eventsTopic, 120_000);
      await run.stop();
      await waitUntilGroupEmpty(admin, groupId);
    };

    await runToEnd();
    expect(sender.sent.map((s) => s.idempotencyKey).sort()).toEqual(planned.map((p) => p.idempotencyKey).sort());
    await replayGroup({ admin, groupId, topic: names.eventsTopic, target: { kind: 'earliest' }, dryRun: false });
    await runToEnd();
    expect(sender.attempts).toHaveLength(planned.length);
    expect(await ledger.counts()).toEqual({ started: 0, done: planned.length, failed: 0 });
  });
});

/**
 * The notifier end to end on the real broker, for SQLite and PostgreSQL: every planned effect
 * runs once, and replaying the whole topic runs zero new effects.
 */
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { parseWorkosEvent } from '../../../consumers/events/workos-event.js';
import { createEffectExecutor } from '../../../consumers/notifier/effect-executor.js';
import { startNotifier } from '../../../consumers/notifier/notifier-consumer.js';
import { planEffects } from '../../../consumers/notifier/plan-effects.js';
import { createRecordingSender } from '../../../consumers/notifier/senders/recording-sender.js';
import { createSqlEffectLedger } from '../../../consumers/notifier/sql-effect-ledger.js';
import { replayGroup } from '../../../consumers/replay.js';
import { jsonDecoder } from '../../../consumers/runtime/json-decoder.js';
import { connectedAdmin, createTestTopic, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { publishEvents, stopAfterTest, waitUntilCaughtUp, waitUntilGroupEmpty } from './support/consumer-kit.js';
import { generateEventStream } from './support/event-stream.js';
import { openForTest, TEST_DATABASES } from './support/databases.js';

const logger = pino({ level: 'silent' });

describe.each(TEST_DATABASES)('notifier replay on $kind', (db) => {
  it('runs each effect once and zero new effects when the topic is replayed from earliest', async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'notifier-replay', 3);
    const admin = await connectedAdmin(kafka);
    const events = generateEventStream({ organizations: 3, usersPerOrganization: 15, seed: 5 });
    const planned = events.flatMap((event) => planEffects(parseWorkosEvent(event)));
    expect(new Set(planned.map((p) => p.name))).toEqual(new Set(['welcome-message', 'deprovision-call']));
    await publishEvents(kafka, topic, events);

    const ledger = createSqlEffectLedger(await openForTest(db.freshConfig()));
    await ledger.migrate();
    const sender = createRecordingSender();
    const executor = createEffectExecutor({ ledger, senders: { 'welcome-message': sender, 'deprovision-call': sender }, logger });
    const groupId = uniqueName('notifier');
    const runToEnd = async (): Promise<void> => {
      const run = await startNotifier({ kafka, executor, decode: jsonDecoder, logger, topic, groupId });
      stopAfterTest(run);
      await waitUntilCaughtUp(admin, groupId, topic);
      await run.stop();
      await waitUntilGroupEmpty(admin, groupId);
    };

    await runToEnd();
    expect(sender.sent.map((s) => s.idempotencyKey).sort()).toEqual(planned.map((p) => p.idempotencyKey).sort());
    expect(await ledger.counts()).toEqual({ started: 0, done: planned.length, failed: 0 });

    await replayGroup({ admin, groupId, topic, target: { kind: 'earliest' }, dryRun: false });
    await runToEnd();
    expect(sender.attempts).toHaveLength(planned.length);
    expect(await ledger.counts()).toEqual({ started: 0, done: planned.length, failed: 0 });
  });
});

/**
 * Both shipped consumers under repeated crashes, as deployed (their own processes, one SQLite file
 * as in the embedded default), against a receiver that honours Idempotency-Key:
 *
 * - the directory mirror is SIGKILLed after each chunk of a stream starts arriving, and restarted;
 * - the notifier is SIGKILLed by the receiver at chosen calls, just before or just after it applies
 *   an effect, and restarted;
 * - in the end the mirror equals the model (the pure handler plus the guard), and every planned
 *   effect was applied exactly once by key: 0 lost, 0 twice;
 * - a full rebuild of the mirror and a replay of the notifier from the earliest offset give the
 *   identical rows and send nothing.
 */
import { describe, expect, it } from 'vitest';
import { rebuildMirror } from '../../../consumers/directory-mirror/rebuild-mirror.js';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import { parseWorkosEvent } from '../../../consumers/events/workos-event.js';
import { planEffects } from '../../../consumers/notifier/plan-effects.js';
import { createSqlEffectLedger } from '../../../consumers/notifier/sql-effect-ledger.js';
import { replayGroup } from '../../../consumers/replay.js';
import { connectedAdmin, createTestTopic, testBrokers, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { spawnConsumer, type ConsumerProcess } from './support/child-process.js';
import { publishEvents, waitUntilCaughtUp, waitUntilGroupEmpty } from './support/consumer-kit.js';
import { openForTest, TEST_DATABASES } from './support/databases.js';
import { generateEventStream } from './support/event-stream.js';
import { startIdempotentReceiver, type CallFate } from './support/idempotent-receiver.js';
import { expectedSnapshot, snapshotStore } from './support/mirror-snapshot.js';

const MIRROR = 'consumers/directory-mirror/main.ts';
const NOTIFIER = 'consumers/notifier/main.ts';
/** The stream is published in this many chunks; the mirror is killed once per chunk but the last. */
const CHUNKS = 5;
/** The receiver kills the notifier at these raw calls, alternately before and after applying. */
const NOTIFIER_KILL_CALLS = [25, 75, 125, 175];

describe('the directory mirror and the notifier SIGKILLed again and again', () => {
  it('end with the mirror equal to the model and every effect applied once by key; a rebuild and a replay change nothing', { timeout: 420_000 }, async () => {
    const kafka = testKafka();
    const topic = await createTestTopic(kafka, 'consumers-under-kills', 3);
    const admin = await connectedAdmin(kafka);
    const events = generateEventStream({ organizations: 6, usersPerOrganization: 80, seed: 47 });
    const planned = events.flatMap((event) => planEffects(parseWorkosEvent(event)));
    expect(planned.length, 'enough effects for every notifier kill').toBeGreaterThan(NOTIFIER_KILL_CALLS.at(-1)! + 50);

    const database = TEST_DATABASES[0]!.freshConfig();
    if (database.kind !== 'sqlite') throw new Error('expected the SQLite test database');
    const db = await openForTest(database);
    const store = createSqlMirrorStore(db);
    const ledger = createSqlEffectLedger(db);
    const receiver = await startIdempotentReceiver();
    const mirrorGroup = uniqueName('mirror-kills');
    const notifierGroup = uniqueName('notifier-kills');
    const env = {
      KAFKA_BROKERS: testBrokers().join(','),
      WORKOS_EVENTS_TOPIC: topic,
      SQLITE_PATH: database.path,
      DIRECTORY_MIRROR_GROUP_ID: mirrorGroup,
      NOTIFIER_GROUP_ID: notifierGroup,
      NOTIFIER_WELCOME_URL: `${receiver.url}/welcome-message`,
      NOTIFIER_DEPROVISION_URL: `${receiver.url}/deprovision-call`,
      // The smallest the broker allows: a killed member's partitions move on after 6 s.
      CONSUMER_SESSION_TIMEOUT_MS: '6000',
      // Small mirror transactions, so that a kill lands between two of them, mid-chunk.
      DIRECTORY_MIRROR_BATCH_RECORDS: '10',
      METRICS_PORT: '0',
      LOG_LEVEL: 'warn',
    };
    const mirrorApplied = async (): Promise<number> => {
      try {
        return (await store.progress(mirrorGroup)).reduce((sum, p) => sum + Number(p.offset) + 1, 0);
      } catch {
        return 0; // Tables not migrated yet.
      }
    };

    // The notifier: killed by the receiver at each planned call, restarted at once.
    let notifier: ConsumerProcess = spawnConsumer(NOTIFIER, env);
    let notifierKills = 0;
    const fates = new Map<number, CallFate>(NOTIFIER_KILL_CALLS.map((n, i) => [n, i % 2 === 0 ? 'kill-before-applying' : 'kill-after-applying']));
    receiver.plan(fates, () => {
      notifier.child.kill('SIGKILL');
      notifierKills += 1;
    });
    const notifierRestarts = (async () => {
      for (let kill = 1; kill <= fates.size; kill += 1) {
        await waitFor(() => notifierKills >= kill, `notifier kill ${kill} of ${fates.size}`, 180_000, 5);
        expect(await notifier.exited, notifier.output()).toBe('SIGKILL');
        notifier = spawnConsumer(NOTIFIER, env);
      }
    })();

    // The mirror: killed once each chunk is being applied, restarted before the next chunk.
    let mirror: ConsumerProcess = spawnConsumer(MIRROR, env);
    const chunkSize = Math.ceil(events.length / CHUNKS);
    const appliedAtKills: number[] = [];
    for (let start = 0; start < events.length; start += chunkSize) {
      await publishEvents(kafka, topic, events.slice(start, start + chunkSize));
      if (start + chunkSize >= events.length) break;
      await waitFor(async () => (await mirrorApplied()) > start, `the mirror to start on chunk ${start / chunkSize + 1}`, 120_000, 5);
      mirror.child.kill('SIGKILL');
      expect(await mirror.exited, mirror.output()).toBe('SIGKILL');
      appliedAtKills.push(await mirrorApplied());
      mirror = spawnConsumer(MIRROR, env);
    }
    await notifierRestarts;
    await waitUntilCaughtUp(admin, mirrorGroup, topic, 180_000);
    await waitUntilCaughtUp(admin, notifierGroup, topic, 180_000);
    for (const role of [mirror, notifier]) role.child.kill('SIGTERM');
    for (const role of [mirror, notifier]) expect(await role.exited, role.output()).toBe(0);

    // Each mirror kill fell inside the stream, before everything published so far was applied.
    expect(appliedAtKills).toHaveLength(CHUNKS - 1);
    expect(appliedAtKills.every((applied) => applied < events.length)).toBe(true);
    // The mirror equals the model.
    const expected = expectedSnapshot(events);
    expect(await snapshotStore(store)).toEqual(expected);
    // Every planned effect applied, once by key; the kill before applying was made good by a resend
    // with the same key, the kill after applying absorbed by the key.
    const plannedKeys = planned.map((effect) => effect.idempotencyKey).sort();
    expect([...receiver.applied.keys()].sort(), 'applied by key = planned: 0 lost').toEqual(plannedKeys);
    expect(receiver.refused, 'calls refused (a key reused with another body, or none)').toBe(0);
    expect(receiver.calls.filter((call) => call.dropped)).toHaveLength(fates.size / 2);
    expect(await ledger.counts()).toEqual({ started: 0, done: planned.length, failed: 0 });
    const callsBeforeReplay = receiver.calls.length;
    console.info(
      `consumers under kills: ${events.length} events, ${CHUNKS - 1} mirror and ${fates.size} notifier SIGKILLs (mirror applied ${appliedAtKills.join(', ')} at its kills); ` +
        `${planned.length} effects planned and applied by key in ${callsBeforeReplay} raw calls`,
    );

    // A full rebuild of the mirror and a replay of the notifier: identical rows, no effect sent.
    await waitUntilGroupEmpty(admin, mirrorGroup);
    await waitUntilGroupEmpty(admin, notifierGroup);
    await rebuildMirror({ admin, store, groupId: mirrorGroup, topic, dryRun: false });
    await replayGroup({ admin, groupId: notifierGroup, topic, target: { kind: 'earliest' }, dryRun: false });
    expect(await snapshotStore(store), 'the wiped mirror').not.toEqual(expected);
    const [mirrorAgain, notifierAgain] = [spawnConsumer(MIRROR, env), spawnConsumer(NOTIFIER, env)];
    await waitUntilCaughtUp(admin, mirrorGroup, topic, 180_000);
    await waitUntilCaughtUp(admin, notifierGroup, topic, 180_000);
    for (const role of [mirrorAgain, notifierAgain]) role.child.kill('SIGTERM');
    for (const role of [mirrorAgain, notifierAgain]) expect(await role.exited, role.output()).toBe(0);
    expect(await snapshotStore(store)).toEqual(expected);
    expect(receiver.calls.length, 'calls during the replay').toBe(callsBeforeReplay);
  });
});

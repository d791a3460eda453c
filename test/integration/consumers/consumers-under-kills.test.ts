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
import { replayGroup } from '../../../consumers/replay.js';
import { uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { spawnConsumer, stopGracefully, type ConsumerProcess } from './support/child-process.js';
import { consumerEnv, effectUrls, KILLABLE_ENV } from './support/consumer-env.js';
import { freshEventsTopic, publishEvents, waitUntilCaughtUp, waitUntilGroupEmpty } from './support/consumer-kit.js';
import { freshEmbeddedState } from './support/embedded-state.js';
import { generateEventStream, plannedEffects } from './support/event-stream.js';
import { startIdempotentReceiver } from './support/idempotent-receiver.js';
import { mirrorApplied } from './support/mirror-progress.js';
import { expectedSnapshot, snapshotStore } from './support/mirror-snapshot.js';
import { alternatingKills, NOTIFIER, startNotifierThroughKills } from './support/notifier-kills.js';

const MIRROR = 'consumers/directory-mirror/main.ts';
/** The stream is published in this many chunks; the mirror is killed once per chunk but the last. */
const CHUNKS = 5;
/** The receiver kills the notifier at these raw calls, alternately before and after applying. */
const NOTIFIER_KILL_CALLS = [25, 75, 125, 175];

describe('the directory mirror and the notifier SIGKILLed again and again', () => {
  it('end with the mirror equal to the model and every effect applied once by key; a rebuild and a replay change nothing', { timeout: 420_000 }, async () => {
    const { kafka, topic, admin } = await freshEventsTopic('consumers-under-kills', 3);
    const events = generateEventStream({ organizations: 6, usersPerOrganization: 80, seed: 47 });
    const planned = plannedEffects(events);
    expect(planned.length, 'enough effects for every notifier kill').toBeGreaterThan(NOTIFIER_KILL_CALLS.at(-1)! + 50);

    const { database, store, ledger } = await freshEmbeddedState();
    const receiver = await startIdempotentReceiver();
    const mirrorGroup = uniqueName('mirror-kills');
    const notifierGroup = uniqueName('notifier-kills');
    const env = consumerEnv(topic, database, {
      DIRECTORY_MIRROR_GROUP_ID: mirrorGroup,
      NOTIFIER_GROUP_ID: notifierGroup,
      ...effectUrls(receiver.url),
      ...KILLABLE_ENV,
      // Small mirror transactions, so that a kill lands between two of them, mid-chunk.
      DIRECTORY_MIRROR_BATCH_RECORDS: '10',
      LOG_LEVEL: 'warn',
    });

    // The notifier: killed by the receiver at each planned call, restarted at once.
    const fates = alternatingKills(NOTIFIER_KILL_CALLS);
    const notifier = startNotifierThroughKills(receiver, fates, env, 180_000);

    // The mirror: killed once each chunk is being applied, restarted before the next chunk.
    let mirror: ConsumerProcess = spawnConsumer(MIRROR, env);
    const chunkSize = Math.ceil(events.length / CHUNKS);
    const appliedAtKills: number[] = [];
    for (let start = 0; start < events.length; start += chunkSize) {
      await publishEvents(kafka, topic, events.slice(start, start + chunkSize));
      if (start + chunkSize >= events.length) break;
      await waitFor(async () => (await mirrorApplied(store, mirrorGroup)) > start, `the mirror to start on chunk ${start / chunkSize + 1}`, 120_000, 5);
      mirror.child.kill('SIGKILL');
      expect(await mirror.exited, mirror.output()).toBe('SIGKILL');
      appliedAtKills.push(await mirrorApplied(store, mirrorGroup));
      mirror = spawnConsumer(MIRROR, env);
    }
    await notifier.restarted;
    await waitUntilCaughtUp(admin, mirrorGroup, topic, 180_000);
    await waitUntilCaughtUp(admin, notifierGroup, topic, 180_000);
    await stopGracefully(mirror, notifier.current());

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
    await stopGracefully(mirrorAgain, notifierAgain);
    expect(await snapshotStore(store)).toEqual(expected);
    expect(receiver.calls.length, 'calls during the replay').toBe(callsBeforeReplay);
  });
});

/**
 * Effects through crashes, end to end with real processes: the notifier (its own process, as
 * deployed) is SIGKILLed again and again at the worst moments, just before and just after the
 * receiver applies an effect, and restarted each time.
 *
 * - A receiver that honours Idempotency-Key (the default, NOTIFIER_RECEIVER_IDEMPOTENT=true) gets
 *   every planned effect, each applied once by key: 0 lost, 0 twice; a replay of the group sends
 *   nothing.
 * - With NOTIFIER_RECEIVER_IDEMPOTENT=false (at most once, the behaviour before resends existed)
 *   the same kills leave effects in doubt and lose the one killed before it was applied: the
 *   control that shows the first test would fail without resends. `workos-kafka effects` then
 *   lists them, retries one (same key, same request) and releases the other.
 */
import { execFile } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { createSqlEffectLedger, LEDGER_TABLE } from '../../../consumers/notifier/sql-effect-ledger.js';
import { replayGroup } from '../../../consumers/replay.js';
import { uniqueName } from '../../support/kafka-test-kit.js';
import { REPO_ROOT, spawnConsumer, stopGracefully } from './support/child-process.js';
import { consumerEnv, databaseEnv, effectUrls, KILLABLE_ENV } from './support/consumer-env.js';
import { freshEventsTopic, publishEvents, waitUntilCaughtUp, waitUntilGroupEmpty } from './support/consumer-kit.js';
import { openForTest, TEST_DATABASES } from './support/databases.js';
import { generateEventStream, plannedEffects } from './support/event-stream.js';
import { startIdempotentReceiver } from './support/idempotent-receiver.js';
import { alternatingKills, NOTIFIER, runNotifierThroughKills } from './support/notifier-kills.js';

/** `workos-kafka effects <args>` as a process, with exactly `env`. */
function effectsCli(args: readonly string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'cli/main.ts', 'effects', ...args], { cwd: REPO_ROOT, env: { PATH: process.env.PATH ?? '', ...env } }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : -1, stdout, stderr }),
    );
  });
}

describe('notifier effects through repeated SIGKILLs', () => {
  it('reach a receiver that honours Idempotency-Key exactly once by key (0 lost, 0 twice), and a replay sends none', { timeout: 420_000 }, async () => {
    const { kafka, topic, admin } = await freshEventsTopic('effects-exactly-once', 3);
    const events = generateEventStream({ organizations: 4, usersPerOrganization: 60, seed: 31 });
    const planned = plannedEffects(events);
    await publishEvents(kafka, topic, events);

    const database = TEST_DATABASES[0]!.freshConfig();
    const ledger = createSqlEffectLedger(await openForTest(database));
    const receiver = await startIdempotentReceiver();
    const groupId = uniqueName('notifier-eo');
    const env = consumerEnv(topic, database, { NOTIFIER_GROUP_ID: groupId, ...effectUrls(receiver.url), ...KILLABLE_ENV, LOG_LEVEL: 'warn' });
    const fates = alternatingKills([20, 60, 100, 140, 180, 220]);
    expect(planned.length, 'enough effects for every kill').toBeGreaterThan(240);

    const output = await runNotifierThroughKills(receiver, fates, env, () => waitUntilCaughtUp(admin, groupId, topic, 180_000));

    // Every planned effect applied, once by key; nothing unplanned; every call with one key had one body.
    const plannedKeys = planned.map((effect) => effect.idempotencyKey).sort();
    expect([...receiver.applied.keys()].sort(), 'applied by key = planned').toEqual(plannedKeys);
    expect(receiver.refused, 'calls refused (no key, or a key reused with another body)').toBe(0);
    expect(receiver.misrouted).toBe(0);
    // The kills hit where meant: the effect killed before it was applied reached the receiver
    // again, under the same key, and was applied then (at most once would have lost these)...
    const callsOf = (key: string) => receiver.calls.filter((call) => call.key === key);
    const dropped = receiver.calls.filter((call) => call.dropped);
    expect(dropped).toHaveLength(3);
    for (const call of dropped) expect(callsOf(call.key).filter((c) => c.applied), call.key).toHaveLength(1);
    // ...and the one killed after it was applied was sent once more, and absorbed by its key.
    const killedAfter = [...fates].filter(([, fate]) => fate === 'kill-after-applying').map(([n]) => receiver.calls[n - 1]!.key);
    for (const key of killedAfter) expect(callsOf(key).map((call) => call.applied), key).toEqual([true, false]);
    for (const key of new Set(receiver.calls.map((call) => call.key))) expect(new Set(callsOf(key).map((call) => call.body)).size, key).toBe(1);
    expect(output).toContain('sending it again with the same idempotency key');
    // The ledger agrees: all done, none in doubt or failed.
    expect(await ledger.counts()).toEqual({ started: 0, done: planned.length, failed: 0 });
    const rawCalls = receiver.calls.length;
    console.info(`effects exactly once: ${planned.length} planned, ${receiver.applied.size} applied by key, ${rawCalls} raw calls (${rawCalls - planned.length} absorbed by key or dropped), ${fates.size} SIGKILLs`);

    // A replay of the whole group sends nothing.
    await waitUntilGroupEmpty(admin, groupId);
    await replayGroup({ admin, groupId, topic, target: { kind: 'earliest' }, dryRun: false });
    const replay = spawnConsumer(NOTIFIER, env);
    await waitUntilCaughtUp(admin, groupId, topic, 120_000);
    await stopGracefully(replay);
    expect(receiver.calls.length, 'calls during the replay').toBe(rawCalls);
  });

  it('stay at most once with NOTIFIER_RECEIVER_IDEMPOTENT=false, and `effects` lists, retries and releases them', { timeout: 300_000 }, async () => {
    const { kafka, topic, admin } = await freshEventsTopic('effects-at-most-once', 3);
    const events = generateEventStream({ organizations: 3, usersPerOrganization: 40, seed: 37 });
    const planned = plannedEffects(events);
    await publishEvents(kafka, topic, events);

    const database = TEST_DATABASES[1]!.freshConfig();
    const db = await openForTest(database);
    const ledger = createSqlEffectLedger(db);
    const receiver = await startIdempotentReceiver();
    const groupId = uniqueName('notifier-amo');
    const delivery = { ...effectUrls(receiver.url), NOTIFIER_RECEIVER_IDEMPOTENT: 'false', LOG_LEVEL: 'warn' };
    const env = consumerEnv(topic, database, {
      NOTIFIER_GROUP_ID: groupId,
      ...KILLABLE_ENV,
      // One partition and one record at a time: exactly one effect is in flight at each kill, so exactly one is left in doubt.
      CONSUMER_CONCURRENCY: '1',
      NOTIFIER_MAX_IN_FLIGHT: '1',
      ...delivery,
    });
    const fates = alternatingKills([15, 50]);
    await runNotifierThroughKills(receiver, fates, env, () => waitUntilCaughtUp(admin, groupId, topic, 180_000));

    // At most once: nothing twice, both kills left their effect in doubt, and the one killed
    // before it was applied is lost: what the first test would see without resends.
    const [lost, inDoubt] = [receiver.calls[14]!, receiver.calls[49]!];
    expect(lost.dropped).toBe(true);
    expect(receiver.calls.filter((call) => call.key === lost.key || call.key === inDoubt.key)).toHaveLength(2);
    expect(planned.length - receiver.applied.size, 'planned effects never applied').toBe(1);
    expect(receiver.applied.has(lost.key)).toBe(false);
    expect((await ledger.list('started')).map((entry) => entry.idempotencyKey).sort()).toEqual([lost.key, inDoubt.key].sort());

    // The crash was a while ago: the rows are in doubt, no longer possibly in flight.
    await db.execute(`UPDATE ${db.dialect.table(LEDGER_TABLE)} SET started_at_ms = started_at_ms - 600000 WHERE state = 'started'`);
    const cli = (...args: string[]) => effectsCli(args, { ...databaseEnv(database), ...delivery });
    const eventOf = (key: string) => key.slice(key.indexOf(':') + 1);

    const listing = await cli();
    expect(listing.code, listing.stderr).toBe(0);
    expect(listing.stdout).toMatch(/: 2 in doubt, 0 failed, 0 in flight/);
    expect(listing.stdout).toContain(`in doubt   ${lost.key}  claimed`);
    const json = await cli('--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ inDoubt: 2, failed: 0, action: null });
    expect((JSON.parse(json.stdout) as { entries: Array<{ idempotencyKey: string; storedRequest: boolean }> }).entries.map((e) => [e.idempotencyKey, e.storedRequest]).sort()).toEqual(
      [
        [lost.key, true],
        [inDoubt.key, true],
      ].sort(),
    );

    const callsBefore = receiver.calls.length;
    const dry = await cli('--retry', '--event', eventOf(lost.key));
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`retry ${lost.key}: would send again`);
    expect(receiver.calls.length, 'a dry run sends nothing').toBe(callsBefore);

    const retried = await cli('--retry', '--event', eventOf(lost.key), '--apply', '--json');
    expect(retried.code, retried.stderr).toBe(0);
    expect(JSON.parse(retried.stdout)).toMatchObject({ action: { kind: 'retry', applied: true, results: [{ idempotencyKey: lost.key, result: 'sent' }] } });
    const resent = receiver.calls.slice(callsBefore);
    expect(resent.map((call) => [call.key, call.applied])).toEqual([[lost.key, true]]);
    expect(resent[0]!.body, 'the same request as the call the kill dropped').toBe(lost.body);
    expect(await ledger.get(lost.key.split(':')[0]!, eventOf(lost.key))).toMatchObject({ state: 'done' });

    const released = await cli('--release', '--event', eventOf(inDoubt.key), '--apply');
    expect(released.code, released.stderr).toBe(0);
    expect(released.stdout).toContain(`release ${inDoubt.key}: released`);
    expect(await ledger.get(inDoubt.key.split(':')[0]!, eventOf(inDoubt.key))).toBeUndefined();

    const after = await cli('--retry', '--all');
    expect(after.stdout).toMatch(/: 0 in doubt, 0 failed, 0 in flight/);
    expect(after.code, 'nothing left to act on').toBe(1);
    expect(receiver.applied.size).toBe(planned.length);
  });
});

// PostgreSQL only: SQLite serialises writers (its claims cannot interleave; see the unit test),
// and several connections in one thread would only block each other.
describe.each(TEST_DATABASES.filter((db) => db.kind === 'postgres'))('effect ledger take-over on $kind', (kind) => {
  it('lets exactly one of the runs that read one in-doubt claim take it over', async () => {
    const config = kind.freshConfig();
    const ledgers = await Promise.all(Array.from({ length: 8 }, async () => createSqlEffectLedger(await openForTest(config))));
    await ledgers[0]!.migrate();
    await ledgers[0]!.claim('deprovision-call', 'e1', 'deprovision-call:e1');
    const claims = await Promise.all(ledgers.map((ledger) => ledger.claim('deprovision-call', 'e1', 'deprovision-call:e1', { takeOverInDoubt: true })));
    const versions = claims.flatMap((claim) => (claim.claimed ? [claim.takenOver?.startedAtMs] : []));
    expect(versions.length).toBeGreaterThanOrEqual(1);
    expect(versions.every((version) => version !== undefined)).toBe(true);
    expect(new Set(versions).size, 'no claim version taken over twice').toBe(versions.length);
    for (const claim of claims) if (!claim.claimed) expect(claim.entry.state).toBe('started');
  });
});

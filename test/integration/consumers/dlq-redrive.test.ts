/**
 * Dead letters redriven into one group only, through the real CLI (`workos-kafka dlq`), the real
 * broker, the real mirror on PostgreSQL and the real notifier on SQLite.
 *
 * The mirror's poison is one a team really meets: a DBA adds a CHECK constraint to the mirror's
 * `organizations` table, an organization with a longer name arrives, its write fails until the
 * constraint is dropped, and the record is dead-lettered. The notifier's is a webhook that is
 * down: the effect fails, is marked `failed` in the ledger and its record is dead-lettered; the
 * operator brings the webhook back and releases the ledger row (what `effects --release` does).
 * Meanwhile a third group reads the same events topic and must see none of the redriven records.
 */
import { inject, describe, expect, it } from 'vitest';
import { pino } from 'pino';
import type { Kafka } from 'kafkajs';
import type { WorkosEvent } from '../../../consumers/events/workos-event.js';
import { startDirectoryMirror } from '../../../consumers/directory-mirror/mirror-consumer.js';
import type { MirrorStore } from '../../../consumers/directory-mirror/mirror-store.js';
import { MIRROR_TABLE_NAMES } from '../../../consumers/directory-mirror/mirror-tables.js';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import { createEffectExecutor } from '../../../consumers/notifier/effect-executor.js';
import { startNotifier } from '../../../consumers/notifier/notifier-consumer.js';
import { createRecordingSender } from '../../../consumers/notifier/senders/recording-sender.js';
import { createSqlEffectLedger } from '../../../consumers/notifier/sql-effect-ledger.js';
import { jsonDecoder } from '../../../consumers/runtime/json-decoder.js';
import { REDRIVE_HEADERS } from '../../../consumers/runtime/redrive-topic.js';
import { runConsumerGroup } from '../../../consumers/runtime/run-consumer-group.js';
import { runCli } from '../../support/cli-process.js';
import { connectedAdmin, createTestTopic, readTopic, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { endOffsets, publishEvents, stopAfterTest, waitUntilCaughtUp } from './support/consumer-kit.js';
import { openForTest, TEST_DATABASES } from './support/databases.js';

const logger = pino({ level: 'silent' });
const FAST_RETRY = { maxAttempts: 2, initialDelayMs: 20, maxDelayMs: 50 };
const [SQLITE, POSTGRES] = TEST_DATABASES as [(typeof TEST_DATABASES)[number], (typeof TEST_DATABASES)[number]];

/** Four events: two organizations (the second with a 60-character name), a directory user of the first, a rename of the first. */
function scenarioEvents(tag: string): WorkosEvent[] {
  const t0 = Date.now() - 60_000;
  const at = (i: number): string => new Date(t0 + i * 1_000).toISOString();
  const org = (id: string, name: string, i: number, created = i) => ({ object: 'organization', id, name, domains: [], metadata: {}, created_at: at(created), updated_at: at(i) });
  const event = (i: number, type: string, data: Record<string, unknown>): WorkosEvent => ({ object: 'event', id: `event_${tag}_${i}`, event: type, created_at: at(i), data, context: {} });
  return [
    event(1, 'organization.created', org(`org_${tag}_a`, 'Acme', 1)),
    event(2, 'organization.created', org(`org_${tag}_b`, 'B'.repeat(60), 2)),
    event(3, 'dsync.user.created', {
      object: 'directory_user', id: `directory_user_${tag}`, directory_id: `directory_${tag}`, organization_id: `org_${tag}_a`, idp_id: 'u1',
      email: 'ada@acme.example', first_name: 'Ada', last_name: 'Lovelace', state: 'active', custom_attributes: {}, raw_attributes: {}, created_at: at(3), updated_at: at(3),
    }),
    event(4, 'organization.updated', org(`org_${tag}_a`, 'Acme Inc', 4, 1)),
  ];
}

/** `workos-kafka dlq --group <group> <args>`; fails the test unless it exits 0. */
async function dlq(group: string, ...args: string[]): Promise<string> {
  const { code, output } = await runCli(['dlq', '--kafka-brokers', inject('kafkaBrokers'), '--group', group, ...args]);
  expect(code, output).toBe(0);
  return output;
}

/** `dlq --json`, parsed. */
async function dlqJson(group: string, ...args: string[]): Promise<DlqJson> {
  return JSON.parse(await dlq(group, '--json', ...args)) as DlqJson;
}

interface DlqJson {
  total: number;
  deadLetters: Array<{ id: string; eventId: string; errorCode: string; error: string; attempts: number; origin: string; state: { kind: string } }>;
  summary: Array<{ errorCode: string; count: number; notRedriven: number }>;
  redrive?: { dryRun: boolean; selected: string[]; sent?: number };
}

/** Every mirror row, table by table: what "the mirror did not change" compares. */
async function mirrorState(store: MirrorStore): Promise<unknown> {
  return Promise.all(MIRROR_TABLE_NAMES.map((table) => store.exportRows(table)));
}

/** The guard's verdicts per event id, collected around the real store. */
function countingStore(store: MirrorStore): { store: MirrorStore; verdicts: Map<string, string[]> } {
  const verdicts = new Map<string, string[]>();
  return {
    verdicts,
    store: {
      ...store,
      async applyBatch(writes) {
        const applied = await store.applyBatch(writes);
        writes.forEach((write, i) => {
          const id = write.progress?.eventId ?? '?';
          verdicts.set(id, [...(verdicts.get(id) ?? []), ...(applied[i] ?? []).map((a) => a.decision.reason)]);
        });
        return applied;
      },
    },
  };
}

/** Records every record a plain group on the events topic gets. */
async function bystander(kafka: Kafka, topic: string): Promise<Array<{ topic: string; eventId: string | undefined }>> {
  const seen: Array<{ topic: string; eventId: string | undefined }> = [];
  const run = await runConsumerGroup({
    kafka,
    groupId: uniqueName('bystander'),
    topic,
    logger,
    decode: jsonDecoder,
    handler: async (_value, { record }) => void seen.push({ topic: record.topic, eventId: record.headers['workos-event-id'] }),
  });
  stopAfterTest(run);
  return seen;
}

describe('workos-kafka dlq', () => {
  it(
    'lists dead letters with their reasons; after the fix a redrive applies each once, to its own group only; a second redrive changes nothing',
    async () => {
      const kafka = testKafka();
      const admin = await connectedAdmin(kafka);
      const topic = await createTestTopic(kafka, 'dlq-redrive', 3);
      const tag = uniqueName('r').replaceAll('-', '_');
      const events = scenarioEvents(tag);
      const [, poison, userCreated] = events as [WorkosEvent, WorkosEvent, WorkosEvent, WorkosEvent];

      // The mirror on PostgreSQL, with the DBA's constraint.
      const mirrorDb = await openForTest(POSTGRES.freshConfig());
      const realStore = createSqlMirrorStore(mirrorDb);
      await realStore.migrate();
      await mirrorDb.execute(`ALTER TABLE ${mirrorDb.dialect.table('organizations')} ADD CONSTRAINT org_name_short CHECK (length(name) <= 40)`);
      const { store, verdicts } = countingStore(realStore);
      // The notifier on SQLite, its webhook down for the executor's two attempts.
      const ledger = createSqlEffectLedger(await openForTest(SQLITE.freshConfig()));
      await ledger.migrate();
      const sender = createRecordingSender();
      sender.failNext(2, new Error('welcome webhook answered 503'));
      const executor = createEffectExecutor({ ledger, senders: { 'welcome-message': sender, 'deprovision-call': sender }, logger, retry: { maxAttempts: 2, initialDelayMs: 10, maxDelayMs: 20 } });

      const mirrorGroup = uniqueName('mirror');
      const notifierGroup = uniqueName('notifier');
      const others = await bystander(kafka, topic);
      stopAfterTest(await startDirectoryMirror({ kafka, store, decode: jsonDecoder, logger, topic, groupId: mirrorGroup, retry: FAST_RETRY }));
      stopAfterTest(await startNotifier({ kafka, executor, decode: jsonDecoder, logger, topic, groupId: notifierGroup, retry: FAST_RETRY }));
      await publishEvents(kafka, topic, events);
      const eventsEnd = await endOffsets(admin, topic);
      await waitUntilCaughtUp(admin, mirrorGroup, topic);
      await waitUntilCaughtUp(admin, notifierGroup, topic);
      await waitFor(() => others.length === events.length, 'the bystander group to read the four events');

      // 1. The listing: the poison record with its reason and where the group read it.
      expect(await realStore.getOrganization(`org_${tag}_b`)).toBeUndefined();
      expect(await realStore.getOrganization(`org_${tag}_a`)).toMatchObject({ columns: { name: 'Acme Inc' } });
      const listed = await dlqJson(mirrorGroup);
      expect(listed.total).toBe(1);
      const [letter] = listed.deadLetters;
      expect(letter).toMatchObject({ eventId: poison.id, errorCode: '23514', attempts: FAST_RETRY.maxAttempts, state: { kind: 'not-redriven' } });
      expect(letter?.error).toMatch(/violates check constraint "org_name_short"/);
      expect(letter?.origin).toMatch(new RegExp(`^${topic}:\\d:\\d+$`));
      expect(listed.summary).toEqual([{ errorCode: '23514', count: 1, notRedriven: 1, example: letter?.error }]);
      const text = await dlq(mirrorGroup);
      expect(text).toContain(`group ${mirrorGroup}: 1 dead letter in ${mirrorGroup}.dlq (1 not redriven)`);
      expect(text).toMatch(new RegExp(`dlq 0:0  ${poison.id}  23514  attempts 2  from ${topic}:\\d:\\d+  \\S+  not redriven`));
      expect(text).toContain('by reason:\n  23514: 1 (1 not redriven), e.g. ');

      // 2. A dry run sends nothing.
      const dry = await dlq(mirrorGroup, '--redrive');
      expect(dry).toContain(`would redrive 1 dead letter of group ${mirrorGroup} into ${mirrorGroup}.redrive`);
      expect(dry).toContain('dry run: nothing sent');
      expect([...(await endOffsets(admin, `${mirrorGroup}.redrive`)).values()]).toEqual(['0']);

      // 3. Fix the cause, redrive: applied once, by the mirror only.
      await mirrorDb.execute(`ALTER TABLE ${mirrorDb.dialect.table('organizations')} DROP CONSTRAINT org_name_short`);
      const applied = await dlq(mirrorGroup, '--redrive', '--reason', 'check constraint', '--apply');
      expect(applied).toMatch(new RegExp(`redrove 1 dead letter of group ${mirrorGroup} into ${mirrorGroup}.redrive at `));
      expect(applied).toMatch(/reads .*\.redrive: they are handled now/);
      await waitFor(async () => (await realStore.getOrganization(`org_${tag}_b`)) !== undefined, 'the mirror to apply the redriven organization');
      await waitUntilCaughtUp(admin, mirrorGroup, `${mirrorGroup}.redrive`);
      expect(await realStore.getOrganization(`org_${tag}_b`)).toMatchObject({ columns: { name: 'B'.repeat(60) }, lastEventId: poison.id });
      expect(verdicts.get(poison.id)).toEqual(['insert']);
      const [redriven, ...moreRedriven] = await readTopic(kafka, `${mirrorGroup}.redrive`, 1, 5_000);
      expect(moreRedriven).toEqual([]);
      expect(redriven?.key).toBe(`org_${tag}_b`);
      expect(redriven?.headers).toMatchObject({ 'workos-event-id': poison.id, [REDRIVE_HEADERS.redrivenFrom]: `${mirrorGroup}.dlq:0:0`, [REDRIVE_HEADERS.origin]: letter?.origin });
      expect(redriven?.headers).not.toHaveProperty('dlq-error');
      expect((await dlqJson(mirrorGroup)).deadLetters.map((l) => l.state.kind)).toEqual(['handled']);

      // 4. Not redriven twice unless asked; asked, it changes no row.
      const again = await dlq(mirrorGroup, '--redrive', '--apply');
      expect(again).toContain('redrove 0 dead letters');
      expect(again).toContain('left out 1 redriven before (add --again to redrive them once more)');
      const before = await mirrorState(realStore);
      await dlq(mirrorGroup, '--redrive', '--again', '--apply');
      await waitFor(async () => (await endOffsets(admin, `${mirrorGroup}.redrive`)).get(0) === '2', 'the second redrive record');
      await waitUntilCaughtUp(admin, mirrorGroup, `${mirrorGroup}.redrive`);
      expect(verdicts.get(poison.id)).toEqual(['insert', 'duplicate']);
      expect(await mirrorState(realStore)).toEqual(before);

      // 5. The notifier: its own dead letter, redriven after the webhook is back, sent once.
      const notifierListed = await dlqJson(notifierGroup);
      expect(notifierListed.deadLetters).toMatchObject([{ eventId: userCreated.id, errorCode: 'HANDLER_FAILED', attempts: 1 }]);
      expect(notifierListed.deadLetters[0]?.error).toMatch(/welcome webhook answered 503/);
      expect(sender.sent).toEqual([]);
      expect(await ledger.release('welcome-message', userCreated.id)).toBe(true);
      const sent = await dlq(notifierGroup, '--redrive', '--event', userCreated.id, '--event', 'event_not_dead', '--apply');
      expect(sent).toContain(`event event_not_dead: no dead letter in ${notifierGroup}.dlq`);
      expect(sent).toContain('redrove 1 dead letter');
      await waitFor(() => sender.sent.length === 1, 'the welcome message');
      await waitUntilCaughtUp(admin, notifierGroup, `${notifierGroup}.redrive`);
      await dlq(notifierGroup, '--redrive', '--again', '--apply');
      await waitFor(async () => (await endOffsets(admin, `${notifierGroup}.redrive`)).get(0) === '2', 'the second notifier redrive record');
      await waitUntilCaughtUp(admin, notifierGroup, `${notifierGroup}.redrive`);
      expect(sender.sent.map((request) => request.idempotencyKey)).toEqual([`welcome-message:${userCreated.id}`]);
      expect(sender.attempts).toHaveLength(3);
      expect((await ledger.get('welcome-message', userCreated.id))?.state).toBe('done');

      // 6. Nobody else saw any of it: the events topic did not grow, the bystander read each event
      //    once from it, and neither group read the other's redrive topic.
      expect(await endOffsets(admin, topic)).toEqual(eventsEnd);
      expect(others.map((seen) => seen.topic)).toEqual(events.map(() => topic));
      expect(others.map((seen) => seen.eventId).sort()).toEqual(events.map((e) => e.id).sort());
      const [mirrorOnNotifier] = await admin.fetchOffsets({ groupId: mirrorGroup, topics: [`${notifierGroup}.redrive`] });
      expect(mirrorOnNotifier?.partitions.map((p) => p.offset)).toEqual(['-1']);
    },
    240_000,
  );
});

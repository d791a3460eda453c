/**
 * Big WorkOS events (identity providers send large raw attributes). Incompressible 1.5 MiB
 * directory users, several in one organization's partition and page, flow end to end into the
 * directory mirror, on a topic the connector created with max.message.bytes from
 * WORKOS_EVENTS_MAX_MESSAGE_BYTES. An event over that limit stops the connector naming the event,
 * its size, the limit and the setting, with the stored cursor unchanged; and where an existing
 * topic's own limit is lower, `status` warns and the broker's MESSAGE_TOO_LARGE stops the
 * connector with the same kind of message.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { afterEach, describe, expect, inject, it, onTestFinished } from 'vitest';
import { createEventDecoder } from '../../../consumers/config/event-decoder.js';
import { startDirectoryMirror } from '../../../consumers/directory-mirror/mirror-consumer.js';
import { createSqlMirrorStore } from '../../../consumers/directory-mirror/sql-mirror-store.js';
import { openDatabase } from '../../../consumers/db/open-database.js';
import { describeTopicConfig, ensureTopic } from '../../../core/topics.js';
import type { EventInput, WorkosEvent } from '../../../emulator/event-types.js';
import { createWorkosEmulator, type WorkosEmulator } from '../../../emulator/server.js';
import { generateWorld } from '../../../emulator/world/world-generator.js';
import { runCli } from '../../support/cli-process.js';
import { connectorEnv, exitOf, freshConnectorNames, runConnectorProcess, startConnector } from '../../support/connector-harness.js';
import { connectedAdmin, testKafka, uniqueName } from '../../support/kafka-test-kit.js';
import { waitFor } from '../../support/wait-for.js';
import { waitUntilCaughtUp } from '../consumers/support/consumer-kit.js';
import { expectedSnapshot, snapshotStore } from '../consumers/support/mirror-snapshot.js';
import { readAllPublishedEvents, readStoredCursor } from './support/kafka-reads.js';

const MiB = 1024 * 1024;
const DAY_MS = 86_400_000;
const ORGANIZATION = 'org_01BIGEVENTS000000000000000';
const DIRECTORY = 'directory_01BIGEVENTS000000000000';

let emulator: WorkosEmulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

/** `bytes` characters of base64 of random bytes: GZIP gets it down to three quarters at best. */
function incompressible(bytes: number): string {
  return randomBytes(Math.ceil((bytes * 3) / 4)).toString('base64').slice(0, bytes);
}

/** A directory user provisioned with a photo of `photoBytes` in its raw attributes (the mirror keeps the whole object). */
function bigDirectoryUser(index: number, photoBytes: number, at: number): EventInput {
  const iso = new Date(at).toISOString();
  return {
    event: 'dsync.user.created',
    createdAt: at,
    data: {
      object: 'directory_user',
      id: `directory_user_01BIG${String(index).padStart(21, '0')}`,
      directory_id: DIRECTORY,
      organization_id: ORGANIZATION,
      idp_id: `idp-${index}`,
      email: `big${index}@bigevents.example`,
      first_name: 'Big',
      last_name: `User ${index}`,
      state: 'active',
      custom_attributes: {},
      raw_attributes: { id: `idp-${index}`, photo: incompressible(photoBytes) },
      created_at: iso,
      updated_at: iso,
    },
  };
}

function tempSqlite(): string {
  const dir = mkdtempSync(join(tmpdir(), 'workos-big-events-'));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return join(dir, 'mirror.sqlite');
}

describe('big events', () => {
  it('flow end to end into the directory mirror: 1.5 MiB incompressible directory users, six back to back in one partition', { timeout: 240_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 83 });
    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 83, organizations: 3, events: 200, start: now - 2 * DAY_MS, end: now - 120_000 }));
    // Six of them (9 MiB, more than one 8 MiB batch) back to back in one page, one organization.
    const big = emulator.store.appendMany(Array.from({ length: 6 }, (_, i) => bigDirectoryUser(i, 1.5 * MiB, now - 100_000 + i * 1_000)));
    emulator.store.appendMany(generateWorld({ seed: 84, organizations: 2, events: 50, start: now - 90_000, end: now - 60_000 }));
    const events = emulator.store.all();

    const names = freshConnectorNames();
    const connector = startConnector(connectorEnv(emulator, names));
    onTestFinished(() => connector.stop());
    let failure: unknown;
    connector.done.catch((error: unknown) => (failure = error));
    await waitFor(
      () => {
        if (failure !== undefined) throw new Error(`the connector stopped: ${String(failure)}`);
        return connector.connector.lag.progress.eventsPublished === events.length;
      },
      'every event published',
      120_000,
      250,
    );
    await connector.stop();

    const kafka = testKafka();
    const admin = await connectedAdmin(kafka);
    expect((await describeTopicConfig(admin, names.eventsTopic))['max.message.bytes']).toBe(String(8 * MiB));

    const client = await openDatabase({ kind: 'sqlite', path: tempSqlite() });
    onTestFinished(() => client.close());
    const store = createSqlMirrorStore(client);
    await store.migrate();
    const groupId = uniqueName('big-mirror');
    const run = await startDirectoryMirror({
      kafka,
      store,
      decode: createEventDecoder(names.eventsTopic, inject('schemaRegistryUrl')),
      logger: pino({ level: 'silent' }),
      topic: names.eventsTopic,
      groupId,
    });
    onTestFinished(() => run.stop());
    await waitUntilCaughtUp(admin, groupId, names.eventsTopic, 120_000);
    await run.stop();

    const mirrored = await snapshotStore(store);
    expect(mirrored).toEqual(expectedSnapshot(events));
    // Not only equal to the expectation: the big users are there with every byte of their photo.
    for (const event of big) {
      const row = mirrored.directory_users.find((r) => r.id === (event.data as { id: string }).id);
      const photo = ((event.data as { raw_attributes: { photo: string } }).raw_attributes).photo;
      expect(photo.length).toBe(1.5 * MiB);
      expect((row?.data as { raw_attributes?: { photo?: string } } | undefined)?.raw_attributes?.photo === photo, `${event.id} mirrored whole`).toBe(true);
    }
  });

  it('an event over WORKOS_EVENTS_MAX_MESSAGE_BYTES stops the connector naming it, and the cursor stays', { timeout: 180_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 85 });
    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 85, organizations: 3, events: 300, start: now - 3 * DAY_MS, end: now - 2 * DAY_MS }));
    const names = freshConnectorNames();
    const env = connectorEnv(emulator, names, { WORKOS_EVENTS_MAX_MESSAGE_BYTES: String(MiB) });
    const healthy = startConnector(env);
    await waitFor(() => healthy.connector.lag.progress.eventsPublished === 300, 'the healthy run', 60_000);
    await healthy.stop();
    const before = await readStoredCursor(names);
    expect(before?.event_id).toBe(emulator.store.all()[299]?.id);
    expect((await describeTopicConfig(await connectedAdmin(testKafka()), names.eventsTopic))['max.message.bytes']).toBe(String(MiB));

    // The big event next, small ones after it: events are published in order, so none of these
    // may get through either.
    const [tooBig] = emulator.store.appendMany([bigDirectoryUser(1, 1.5 * MiB, now - DAY_MS)]) as [WorkosEvent];
    emulator.store.appendMany(generateWorld({ seed: 86, organizations: 2, events: 20, start: now - DAY_MS + 1_000, end: now - 60_000 }));
    const child = runConnectorProcess(env);
    expect(await exitOf(child, 90_000)).toBe(1);
    const output = child.output();
    expect(output, output).toMatch(
      new RegExp(`event ${tooBig.id} \\(dsync\\.user\\.created\\) is 1,57\\d,\\d{3} bytes \\(1\\.50 MiB\\) as a Kafka record batch, over the limit of 1,048,576 bytes \\(1\\.00 MiB\\) for topic ${names.eventsTopic} \\(WORKOS_EVENTS_MAX_MESSAGE_BYTES\\)`),
    );
    expect(output).toMatch(/raise WORKOS_EVENTS_MAX_MESSAGE_BYTES and the topic's max.message.bytes/);

    expect(await readStoredCursor(names)).toEqual(before);
    expect(await readAllPublishedEvents(names.eventsTopic)).toHaveLength(300);
  });

  it('on an existing topic with a lower max.message.bytes, status warns and the broker refusal stops the connector naming the event', { timeout: 180_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 87 });
    const now = Date.now();
    // 2 MiB of base64 is about 1.5 MiB gzipped: within the setting's 8 MiB, over the topic's 1 MiB.
    // It comes first, so nothing after it may be published.
    const [tooBig] = emulator.store.appendMany([bigDirectoryUser(2, 2 * MiB, now - DAY_MS)]) as [WorkosEvent];
    emulator.store.appendMany(generateWorld({ seed: 87, organizations: 2, events: 30, start: now - DAY_MS + 1_000, end: now - 60_000 }));
    const names = freshConnectorNames();
    const admin = await connectedAdmin(testKafka());
    await ensureTopic(admin, { topic: names.eventsTopic, numPartitions: 3, replicationFactor: -1, configEntries: { 'max.message.bytes': String(MiB) } });

    const status = await runCli(['status', '--events-topic', names.eventsTopic, '--cursor-topic', names.cursorTopic, '--connector-name', names.connectorName]);
    expect(status.code, status.output).toBe(0);
    expect(status.output).toContain(`warning: events topic ${names.eventsTopic} has max.message.bytes=${MiB}, below WORKOS_EVENTS_MAX_MESSAGE_BYTES=${8 * MiB}`);

    const child = runConnectorProcess(connectorEnv(emulator, names));
    expect(await exitOf(child, 90_000)).toBe(1);
    const output = child.output();
    expect(output, output).toMatch(new RegExp(`Kafka refused a record batch of topic ${names.eventsTopic} holding event ${tooBig.id} \\(dsync\\.user\\.created\\)`));
    expect(output).toContain(`--add-config max.message.bytes=${8 * MiB}`);
    // The start-up warning came first, at warn (40), not error.
    expect(output).toMatch(new RegExp(`"level":40[^\\n]*has max.message.bytes=${MiB}, below WORKOS_EVENTS_MAX_MESSAGE_BYTES`));

    const cursor = await readStoredCursor(names);
    expect(cursor?.event_id ?? null).toBeNull();
    expect(await readAllPublishedEvents(names.eventsTopic)).toHaveLength(0);
  });
});

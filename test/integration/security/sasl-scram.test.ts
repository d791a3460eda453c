/**
 * Kafka security end to end against a broker of this file's own (not the suite's shared one) with
 * a SASL_PLAINTEXT listener offering SCRAM-SHA-256, SCRAM-SHA-512 and PLAIN. SCRAM users are
 * created at format time (`kafka-storage format --add-scram`), as KRaft requires.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Kafka, RetryOptions } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { fetchGroupLag } from '../../../core/consumer-lag.js';
import { createKafkaClient, type SaslCredentials } from '../../../core/kafka-client.js';
import { createLogger } from '../../../core/logger.js';
import { createWorkosEmulator, generateWorld, type WorkosEmulator } from '../../../emulator/index.js';
import { installKafka } from '../../../stack/install.js';
import { startKafkaBroker, type KafkaBroker } from '../../../stack/kafka-broker.js';
import { connectorEnv, freshConnectorNames, startConnector } from '../../support/connector-harness.js';
import { connectedAdmin, createTestTopic, disconnectAfterTest, readTopic, uniqueName } from '../../support/kafka-test-kit.js';
import { expectExactlyOnceInOrder, readPublishedEvents } from '../../support/published-events.js';
import { waitFor } from '../../support/wait-for.js';
import { spawnConsumer } from '../consumers/support/child-process.js';

const USERS = { admin: 'admin-secret', svc: 'svc-secret' } as const;
const DAY_MS = 86_400_000;

let broker: KafkaBroker;
let saslBootstrap: string;
const scratch = mkdtempSync(join(tmpdir(), 'sasl-scram-test-'));

beforeAll(async () => {
  await installKafka();
  broker = await startKafkaBroker({ sasl: { users: USERS, mechanisms: ['SCRAM-SHA-256', 'SCRAM-SHA-512', 'PLAIN'] } });
  if (broker.saslBootstrap === undefined) throw new Error('the broker started without its SASL listener');
  saslBootstrap = broker.saslBootstrap;
});

afterAll(async () => {
  await broker?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** A client of the SASL listener built the way the roles build theirs; quiet (SASL without TLS warns). */
function saslKafka(sasl: SaslCredentials | undefined, retry?: RetryOptions): Kafka {
  return createKafkaClient({
    brokers: [saslBootstrap],
    clientId: uniqueName('sasl-test'),
    ...(sasl === undefined ? {} : { sasl }),
    ...(retry === undefined ? {} : { retry }),
    logger: createLogger({ level: 'silent' }),
  });
}

/** Fails with `what` when `promise` has not settled within `ms`, so a hung login cannot stall the file. */
async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Connects an admin with `sasl` and returns how the connection ended. */
async function loginError(sasl: SaslCredentials | undefined): Promise<Error> {
  const admin = saslKafka(sasl, { retries: 0 }).admin();
  try {
    await within(admin.connect().then(() => admin.listTopics()), 15_000, 'login attempt');
  } catch (error) {
    return error as Error;
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  throw new Error('the login succeeded');
}

describe('a SASL/SCRAM broker', () => {
  it('accepts the right SCRAM-SHA-256 credentials: topic, transaction, read_committed read-back', async () => {
    const kafka = saslKafka({ mechanism: 'scram-sha-256', username: 'admin', password: USERS.admin });
    const topic = await createTestTopic(kafka, 'sasl-tx', 2);
    const producer = kafka.producer({ transactionalId: uniqueName('sasl-tx'), idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    disconnectAfterTest(producer);

    const aborted = await producer.transaction();
    await aborted.send({ topic, messages: [{ key: 'org_a', value: 'aborted' }] });
    await aborted.abort();
    const committed = await producer.transaction();
    await committed.send({ topic, messages: [{ key: 'org_a', value: 'one' }, { key: 'org_b', value: 'two' }] });
    await committed.commit();

    const records = await readTopic(kafka, topic, 2, 20_000);
    expect(records.map((record) => record.value?.toString()).sort()).toEqual(['one', 'two']);
  });

  it('accepts SCRAM-SHA-512 and PLAIN for every user created at format time', async () => {
    for (const sasl of [
      { mechanism: 'scram-sha-512', username: 'svc', password: USERS.svc },
      { mechanism: 'scram-sha-256', username: 'svc', password: USERS.svc },
      { mechanism: 'plain', username: 'admin', password: USERS.admin },
    ] as const) {
      const admin = await connectedAdmin(saslKafka(sasl, { retries: 0 }));
      await expect(within(admin.listTopics(), 15_000, sasl.mechanism)).resolves.toBeInstanceOf(Array);
    }
  });

  it('refuses a wrong password and an unknown user with an authentication error', async () => {
    const wrongPassword = await loginError({ mechanism: 'scram-sha-256', username: 'admin', password: 'not-the-secret' });
    expect(wrongPassword.name).toBe('KafkaJSSASLAuthenticationError');
    expect(wrongPassword.message).toMatch(/SCRAM SHA256 authentication failed.*invalid credentials/i);

    const unknownUser = await loginError({ mechanism: 'scram-sha-512', username: 'mallory', password: USERS.admin });
    expect(unknownUser.name).toBe('KafkaJSSASLAuthenticationError');

    const plainWrong = await loginError({ mechanism: 'plain', username: 'svc', password: 'nope' });
    expect(plainWrong.name).toBe('KafkaJSSASLAuthenticationError');
  });

  it('refuses a client that does not authenticate at all', async () => {
    // Before authentication the listener answers only ApiVersions and the SASL handshake; the
    // metadata request of a client without SASL makes it close the connection.
    const anonymous = await loginError(undefined);
    expect(anonymous.name).toBe('KafkaJSConnectionClosedError');
  });
});

describe('the roles over SASL/SCRAM, configured by environment variables', () => {
  let emulator: WorkosEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('the connector publishes every event exactly once; both consumers read them', { timeout: 90_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 11 });
    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 11, organizations: 8, events: 400, start: now - 3 * DAY_MS, end: now - 60_000 }));
    const served = emulator.store.all();

    const names = freshConnectorNames();
    const running = startConnector(
      connectorEnv(emulator, names, {
        KAFKA_BROKERS: saslBootstrap,
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
        KAFKA_SASL_USERNAME: 'svc',
        KAFKA_SASL_PASSWORD: USERS.svc,
        LOG_LEVEL: 'error',
      }),
    );
    expect(running.config.KAFKA_SASL_MECHANISM).toBe('scram-sha-512');
    await waitFor(() => running.connector.lag.progress.eventsPublished >= served.length, 'all events published over SASL', 60_000);
    await running.stop();

    const kafka = saslKafka({ mechanism: 'scram-sha-256', username: 'admin', password: USERS.admin });
    expectExactlyOnceInOrder(await readPublishedEvents(kafka, names.eventsTopic, served.length, 30_000), served);

    // The consumers' entry points, so their main.ts wiring of the security keys is what is tested.
    const groups = { mirror: uniqueName('sasl-mirror'), notifier: uniqueName('sasl-notifier') };
    const env = {
      KAFKA_BROKERS: saslBootstrap,
      KAFKA_SASL_MECHANISM: 'scram-sha-256',
      KAFKA_SASL_USERNAME: 'admin',
      KAFKA_SASL_PASSWORD: USERS.admin,
      SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
      WORKOS_EVENTS_TOPIC: names.eventsTopic,
      DIRECTORY_MIRROR_GROUP_ID: groups.mirror,
      NOTIFIER_GROUP_ID: groups.notifier,
      METRICS_PORT: '0',
      LOG_LEVEL: 'error',
    };
    const consumers = [
      spawnConsumer('consumers/directory-mirror/main.ts', { ...env, SQLITE_PATH: join(scratch, 'mirror.sqlite') }),
      spawnConsumer('consumers/notifier/main.ts', { ...env, SQLITE_PATH: join(scratch, 'notifier.sqlite') }),
    ];
    const admin = await connectedAdmin(kafka);
    // Caught up: every partition committed, short of at most the trailing transaction marker.
    const caughtUp = async (groupId: string): Promise<boolean> => {
      const lag = await fetchGroupLag(admin, groupId, names.eventsTopic);
      return lag.partitions.every((partition) => partition.end === '0' || (partition.committed !== null && partition.lag <= 1));
    };
    // A consumer that crashed (bad config, refused login) fails the test at once, with its output.
    const crashed = (): void => {
      const dead = consumers.find((consumer) => consumer.child.exitCode !== null);
      if (dead !== undefined) throw new Error(`a consumer exited early:\n${dead.output().slice(-2000)}`);
    };
    for (const groupId of Object.values(groups)) {
      await waitFor(async () => (crashed(), caughtUp(groupId)), `${groupId} to consume the topic over SASL`, 45_000, 250);
    }
    for (const consumer of consumers) consumer.child.kill('SIGTERM');
    for (const consumer of consumers) expect(await consumer.exited, consumer.output()).toBe(0);
  });
});

/**
 * Kafka over TLS end to end, against a broker of this file's own with an SSL listener whose
 * certificate (for 127.0.0.1 and localhost) is signed by a throwaway CA made here with openssl.
 * The connector, the directory mirror and `workos-kafka status` all trust that CA through
 * KAFKA_SSL_CA_FILE; a second, unrelated CA must fail with a message naming the verification
 * failure and the CA file.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { Kafka } from 'kafkajs';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { main } from '../../../cli/run-cli.js';
import { fetchGroupLag } from '../../../core/consumer-lag.js';
import { createKafkaClient } from '../../../core/kafka-client.js';
import { createLogger } from '../../../core/logger.js';
import { createWorkosEmulator, generateWorld, type WorkosEmulator } from '../../../emulator/index.js';
import { installKafka } from '../../../stack/install.js';
import { startKafkaBroker, type KafkaBroker } from '../../../stack/kafka-broker.js';
import { connectorEnv, freshConnectorNames, runConnectorProcess, startConnector } from '../../support/connector-harness.js';
import { connectedAdmin, uniqueName } from '../../support/kafka-test-kit.js';
import { expectExactlyOnceInOrder, readPublishedEvents } from '../../support/published-events.js';
import { waitFor } from '../../support/wait-for.js';
import { spawnConsumer } from '../consumers/support/child-process.js';
import { makeTestCertificates, type TestCertificates } from './support/test-certificates.js';

const DAY_MS = 86_400_000;

let broker: KafkaBroker;
let sslBootstrap: string;
let certificates: TestCertificates;
const scratch = mkdtempSync(join(tmpdir(), 'tls-test-'));

beforeAll(async () => {
  certificates = makeTestCertificates(scratch);
  await installKafka();
  broker = await startKafkaBroker({ tls: { keystoreFile: certificates.keystoreFile, keystorePassword: certificates.keystorePassword } });
  if (broker.sslBootstrap === undefined) throw new Error('the broker started without its SSL listener');
  sslBootstrap = broker.sslBootstrap;
});

afterAll(async () => {
  await broker?.stop();
  rmSync(scratch, { recursive: true, force: true });
});

/** A client of the SSL listener trusting `caFile`'s CA only, as the roles build theirs. */
function tlsKafka(caFile: string): Kafka {
  return createKafkaClient({
    brokers: [sslBootstrap],
    clientId: uniqueName('tls-test'),
    ssl: { ca: [readFileSync(caFile, 'utf8')], rejectUnauthorized: true },
    logger: createLogger({ level: 'silent' }),
  });
}

/** Runs `workos-kafka status` in process; its exit code and what it printed. */
async function status(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await main(['status', '--group', 'none'], {
    env,
    stdout: (text) => void (stdout += text),
    stderr: (text) => void (stderr += text),
    signal: new AbortController().signal,
  });
  return { code, stdout, stderr };
}

describe('the roles over TLS, trusting the broker CA through KAFKA_SSL_CA_FILE', () => {
  let emulator: WorkosEmulator | undefined;
  afterEach(async () => {
    await emulator?.close();
    emulator = undefined;
  });

  it('connector, directory mirror and status work end to end', { timeout: 120_000 }, async () => {
    emulator = await createWorkosEmulator({ seed: 23 });
    const now = Date.now();
    emulator.store.appendMany(generateWorld({ seed: 23, organizations: 6, events: 300, start: now - 3 * DAY_MS, end: now - 60_000 }));
    const served = emulator.store.all();

    const names = freshConnectorNames();
    const running = startConnector(connectorEnv(emulator, names, { KAFKA_BROKERS: sslBootstrap, KAFKA_SSL_CA_FILE: certificates.caFile, LOG_LEVEL: 'error' }));
    expect(running.config.KAFKA_SSL_CA_FILE?.path).toBe(certificates.caFile);
    await waitFor(() => running.connector.lag.progress.eventsPublished >= served.length, 'all events published over TLS', 60_000);
    await running.stop();

    const kafka = tlsKafka(certificates.caFile);
    expectExactlyOnceInOrder(await readPublishedEvents(kafka, names.eventsTopic, served.length, 30_000), served);

    // The mirror's own entry point, so its main.ts wiring of the TLS keys is what is tested.
    const group = uniqueName('tls-mirror');
    const sqlitePath = join(scratch, 'mirror.sqlite');
    const mirror = spawnConsumer('consumers/directory-mirror/main.ts', {
      KAFKA_BROKERS: sslBootstrap,
      KAFKA_SSL_CA_FILE: certificates.caFile,
      SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
      WORKOS_EVENTS_TOPIC: names.eventsTopic,
      DIRECTORY_MIRROR_GROUP_ID: group,
      SQLITE_PATH: sqlitePath,
      METRICS_PORT: '0',
      LOG_LEVEL: 'error',
    });
    const admin = await connectedAdmin(kafka);
    const caughtUp = async (): Promise<boolean> => {
      if (mirror.child.exitCode !== null) throw new Error(`the mirror exited early:\n${mirror.output().slice(-2000)}`);
      const lag = await fetchGroupLag(admin, group, names.eventsTopic);
      return lag.partitions.every((partition) => partition.end === '0' || (partition.committed !== null && partition.lag <= 1));
    };
    await waitFor(caughtUp, 'the mirror to consume the topic over TLS', 45_000, 250);
    mirror.child.kill('SIGTERM');
    expect(await mirror.exited, mirror.output()).toBe(0);
    const db = new DatabaseSync(sqlitePath, { readOnly: true });
    try {
      const row = db.prepare('SELECT COUNT(*) AS n FROM organizations').get() as { n: number };
      expect(row.n).toBeGreaterThan(0);
    } finally {
      db.close();
    }

    const statusEnv = {
      KAFKA_BROKERS: sslBootstrap,
      KAFKA_SSL_CA_FILE: certificates.caFile,
      SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
      CONNECTOR_NAME: names.connectorName,
      WORKOS_EVENTS_TOPIC: names.eventsTopic,
      WORKOS_CURSOR_TOPIC: names.cursorTopic,
      LOG_LEVEL: 'silent',
    };
    const ok = await status(statusEnv);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toContain(`cursor ${names.connectorName}: ${served.at(-1)?.id}`);
  });
});

describe('a CA that did not sign the broker certificate', () => {
  it('makes status fail, naming the certificate verification and KAFKA_SSL_CA_FILE', { timeout: 60_000 }, async () => {
    const names = freshConnectorNames();
    const failed = await status({
      KAFKA_BROKERS: sslBootstrap,
      KAFKA_SSL_CA_FILE: certificates.otherCaFile,
      SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
      CONNECTOR_NAME: names.connectorName,
      WORKOS_EVENTS_TOPIC: names.eventsTopic,
      WORKOS_CURSOR_TOPIC: names.cursorTopic,
      COMMAND_TIMEOUT_MS: '20000',
      LOG_LEVEL: 'silent',
    });
    expect(failed.code).not.toBe(0);
    expect(failed.stderr).toMatch(/TLS verification of the broker's certificate failed/);
    expect(failed.stderr).toContain('KAFKA_SSL_CA_FILE');
    expect(failed.stderr).toContain(certificates.otherCaFile);
  });

  it('makes the connector process report the same, naming the CA file', { timeout: 60_000 }, async () => {
    const emulator = await createWorkosEmulator({ seed: 29 });
    try {
      const names = freshConnectorNames();
      const connector = runConnectorProcess(
        connectorEnv(emulator, names, { KAFKA_BROKERS: sslBootstrap, KAFKA_SSL_CA_FILE: certificates.otherCaFile, LOG_LEVEL: 'error' }),
      );
      await waitFor(() => /TLS verification of the broker's certificate failed/.test(connector.output()) || connector.hasExited(), 'the connector to report the TLS failure', 45_000, 250);
      expect(connector.output()).toContain(`failed against KAFKA_SSL_CA_FILE (${certificates.otherCaFile})`);
      connector.child.kill('SIGTERM');
      await connector.exited;
    } finally {
      await emulator.close();
    }
  });
});

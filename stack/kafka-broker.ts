import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { logLevel, type SASLOptions } from 'kafkajs';
import { newKafkaClient } from '../core/kafkajs-client.js';
import { freePort } from './free-port.js';
import { kafkaHome } from './install.js';
import { findJava } from './java-runtime.js';
import { startJava, type JavaProcess } from './java-process.js';
import { brokerLoggingConfig } from './kafka-logging.js';
import {
  propertiesFileText,
  saslMechanisms,
  serverProperties,
  type BrokerSaslMechanism,
  type KafkaBrokerSaslOptions,
  type KafkaBrokerTlsOptions,
} from './kafka-server-properties.js';
import { kafkaDistribution, selectedKafkaVersion } from './kafka-version.js';

export type { BrokerSaslMechanism, KafkaBrokerSaslOptions, KafkaBrokerTlsOptions } from './kafka-server-properties.js';

/** Options for a throwaway single-node KRaft broker. */
export interface KafkaBrokerOptions {
  /** Where data and logs go; a fresh temporary directory when omitted (removed on stop). */
  readonly workDir?: string;
  /** Extra `server.properties` entries, e.g. SASL listeners. Later keys win. */
  readonly extraProperties?: Record<string, string>;
  /** Maximum wait for the broker to answer a metadata request, ms. Default 120000. */
  readonly readyTimeoutMs?: number;
  /** JVM heap, default `512m`. */
  readonly heap?: string;
  /** Adds a SASL_PLAINTEXT listener beside the PLAINTEXT one. Default: none. */
  readonly sasl?: KafkaBrokerSaslOptions;
  /** Adds an SSL listener (TLS, no client certificates) beside the PLAINTEXT one. Default: none. */
  readonly tls?: KafkaBrokerTlsOptions;
  /** Apache Kafka release to run; default: `WORKOS_KAFKA_BROKER_VERSION`, else 4.4.0 (see kafka-version.ts). */
  readonly version?: string;
}

/**
 * The storage tool's cluster-id argument. Joined with `=`: a base64url id can start with `-`,
 * which argparse would otherwise read as an option ("argument --cluster-id/-t: expected one argument").
 */
export function clusterIdArgument(clusterId: string): string {
  return `--cluster-id=${clusterId}`;
}

/** A running local broker. */
export interface KafkaBroker {
  /** The Apache Kafka release this broker runs. */
  readonly version: string;
  /** `127.0.0.1:<port>` of the PLAINTEXT listener. */
  readonly bootstrap: string;
  /** `127.0.0.1:<port>` of the SASL_PLAINTEXT listener; only when `sasl` was given. */
  readonly saslBootstrap?: string;
  /** `127.0.0.1:<port>` of the SSL listener; only when `tls` was given. */
  readonly sslBootstrap?: string;
  readonly logFile: string;
  readonly workDir: string;
  stop(): Promise<void>;
  /**
   * Stops the JVM and starts it again on the same data directory, ports and configuration (no
   * format), resolving once a metadata request succeeds again. For fault tests: clients see the
   * broker go away and come back at the same address with its logs, offsets and transactions.
   */
  restart(options?: KafkaBrokerRestartOptions): Promise<void>;
}

/** How {@link KafkaBroker.restart} stops the broker. */
export interface KafkaBrokerRestartOptions {
  /** SIGKILL the JVM (a crash: no controlled shutdown, log recovery on start) instead of SIGTERM. Default false. */
  readonly kill?: boolean;
  /** Maximum wait for the restarted broker to answer a metadata request, ms. Default 120000. */
  readonly readyTimeoutMs?: number;
}

const SAFE_CREDENTIAL = /^[A-Za-z0-9._-]+$/;

// Fails before anything is written: a quote or comma in a name would silently break the JAAS
// line or the --add-scram argument, and the broker would then reject every login.
function checkSaslOptions(sasl: KafkaBrokerSaslOptions): void {
  const users = Object.entries(sasl.users);
  if (users.length === 0) throw new Error('sasl.users must name at least one user');
  if (saslMechanisms(sasl).length === 0) throw new Error('sasl.mechanisms must not be empty');
  for (const [name, password] of users) {
    if (!SAFE_CREDENTIAL.test(name) || !SAFE_CREDENTIAL.test(password)) {
      throw new Error(`sasl user "${name}": names and passwords may contain only letters, digits, ".", "_" and "-"`);
    }
  }
}

/** `--add-scram` arguments of `kafka-storage format`: one per SCRAM mechanism and user. */
function addScramArguments(sasl: KafkaBrokerSaslOptions | undefined): string[] {
  if (sasl === undefined) return [];
  return saslMechanisms(sasl)
    .filter((mechanism) => mechanism !== 'PLAIN')
    .flatMap((mechanism) =>
      Object.entries(sasl.users).flatMap(([name, password]) => ['--add-scram', `${mechanism}=[name=${name},password=${password}]`]),
    );
}

/** What the readiness probe logs in with: the first user over the first mechanism. */
function probeCredentials(sasl: KafkaBrokerSaslOptions): SASLOptions {
  const [username, password] = Object.entries(sasl.users)[0] ?? ['', ''];
  const mechanism = saslMechanisms(sasl)[0] ?? 'SCRAM-SHA-256';
  switch (mechanism) {
    case 'PLAIN':
      return { mechanism: 'plain', username, password };
    case 'SCRAM-SHA-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'SCRAM-SHA-512':
      return { mechanism: 'scram-sha-512', username, password };
  }
}

/** Polls until a metadata request to `bootstrap` succeeds, failing at `deadline` or when `exited()` turns true. */
export async function waitForMetadata(bootstrap: string, sasl: SASLOptions | undefined, deadline: number, exited: () => boolean): Promise<void> {
  const quiet = { brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } };
  const kafka = newKafkaClient(sasl === undefined ? quiet : { ...quiet, sasl });
  let lastError: unknown;
  while (Date.now() < deadline) {
    if (exited()) throw new Error('the broker process exited during start-up');
    const admin = kafka.admin();
    try {
      await admin.connect();
      await admin.listTopics();
      return;
    } catch (error) {
      lastError = error;
      await new Promise((resolve) => setTimeout(resolve, 250));
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
  }
  throw new Error(`the broker did not answer a metadata request in time: ${String(lastError)}`);
}

/**
 * Formats a fresh KRaft data directory and starts Apache Kafka (the selected or given version) on
 * free loopback ports, returning once a metadata request succeeds (over SASL as the first user
 * when `sasl` is given, which also proves the credentials were created). Requires `installKafka()`
 * for the same version to have run.
 */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const { sasl } = options;
  if (sasl !== undefined) checkSaslOptions(sasl);
  const distribution = kafkaDistribution(options.version ?? selectedKafkaVersion());
  const java = findJava(distribution.minimumJava);
  const home = kafkaHome(distribution.version);
  const ownsWorkDir = options.workDir === undefined;
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'workos-kafka-broker-'));
  const dataDir = join(workDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const [port, controllerPort] = [await freePort(), await freePort()];
  const saslPort = sasl === undefined ? undefined : await freePort();
  const sslPort = options.tls === undefined ? undefined : await freePort();
  const propertiesFile = join(workDir, 'server.properties');
  const properties = serverProperties({
    ports: { port, controllerPort, saslPort, sslPort },
    dataDir,
    distribution,
    sasl,
    tls: options.tls,
    extra: options.extraProperties ?? {},
  });
  writeFileSync(propertiesFile, propertiesFileText(properties));
  const logging = brokerLoggingConfig(distribution.logging);
  const loggingFile = join(workDir, logging.fileName);
  writeFileSync(loggingFile, logging.contents);
  const classpath = join(home, 'libs', '*');
  const jvmArgs = [`-Xmx${options.heap ?? '512m'}`, '-XX:+UseG1GC', logging.jvmFlag(loggingFile), '-cp', classpath];
  // A cluster id is a 16-byte base64url Kafka Uuid; format must precede every fresh start. SCRAM
  // users go in here: KRaft keeps them in the metadata log, and there is no ZooKeeper to hold them.
  const clusterId = randomBytes(16).toString('base64url');
  const formatArgs = ['kafka.tools.StorageTool', 'format', clusterIdArgument(clusterId), '-c', propertiesFile, ...addScramArguments(sasl)];
  formatStorage(java.executable, [...jvmArgs, ...formatArgs]);
  const logFile = join(workDir, 'broker.log');
  const bootstrap = `127.0.0.1:${port}`;
  const saslBootstrap = saslPort === undefined ? undefined : `127.0.0.1:${saslPort}`;
  const sslBootstrap = sslPort === undefined ? undefined : `127.0.0.1:${sslPort}`;
  // With SASL the probe logs in on the SASL listener, so "ready" also means the users exist.
  const [probeAddress, probeSasl] =
    sasl === undefined || saslBootstrap === undefined ? [bootstrap, undefined] : [saslBootstrap, probeCredentials(sasl)];
  // Starts the JVM on the formatted data directory and waits until it answers; used by start and restart.
  const launch = async (readyTimeoutMs: number): Promise<JavaProcess> => {
    const jvm = startJava(java.executable, [...jvmArgs, 'kafka.Kafka', propertiesFile], logFile, workDir);
    try {
      await waitForMetadata(probeAddress, probeSasl, Date.now() + readyTimeoutMs, () => jvm.child.exitCode !== null);
    } catch (error) {
      await jvm.stop(2_000);
      throw new Error(`Kafka broker failed to start (${String(error)}). Broker log: ${logFile}\n${jvm.tail()}`);
    }
    return jvm;
  };
  let jvm = await launch(options.readyTimeoutMs ?? 120_000);
  return {
    version: distribution.version,
    bootstrap,
    ...(saslBootstrap === undefined ? {} : { saslBootstrap }),
    ...(sslBootstrap === undefined ? {} : { sslBootstrap }),
    logFile,
    workDir,
    async stop() {
      await jvm.stop();
      if (ownsWorkDir) rmSync(workDir, { recursive: true, force: true });
    },
    async restart(restartOptions: KafkaBrokerRestartOptions = {}) {
      if (restartOptions.kill === true) await killJvm(jvm);
      else await jvm.stop();
      jvm = await launch(restartOptions.readyTimeoutMs ?? 120_000);
    },
  };
}

// SIGKILL to the watchdog's process group reaches the JVM at once: no shutdown hooks run.
async function killJvm(jvm: JavaProcess): Promise<void> {
  const { child } = jvm;
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  try {
    process.kill(-child.pid, 'SIGKILL');
  } catch {
    // already gone
  }
  await jvm.exited;
}

/** How long `kafka-storage format` may take; it normally ends in a few seconds. */
const FORMAT_TIMEOUT_MS = 180_000;

/** Runs the storage tool's format, bounded so a stuck JVM fails the start with a reason instead of hanging it. */
function formatStorage(executable: string, args: readonly string[]): void {
  try {
    execFileSync(executable, [...args], { stdio: 'pipe', timeout: FORMAT_TIMEOUT_MS, killSignal: 'SIGKILL' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ETIMEDOUT') throw new Error(`kafka-storage format did not end within ${FORMAT_TIMEOUT_MS / 1000} s and was stopped`, { cause: error });
    throw error;
  }
}

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel, type SASLOptions } from 'kafkajs';
import { freePort } from './free-port.js';
import { kafkaHome } from './install.js';
import { findJava } from './java-runtime.js';
import { startJava, type JavaProcess } from './java-process.js';

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
}

/** SASL mechanisms the test broker can offer, spelled as Kafka spells them. */
export type BrokerSaslMechanism = 'PLAIN' | 'SCRAM-SHA-256' | 'SCRAM-SHA-512';

/**
 * A SASL_PLAINTEXT listener for client-authentication tests. The controller and inter-broker
 * listeners stay PLAINTEXT (on their own loopback ports), so only clients authenticate.
 */
export interface KafkaBrokerSaslOptions {
  /** Mechanisms the listener accepts. Default `['SCRAM-SHA-256', 'SCRAM-SHA-512']`. */
  readonly mechanisms?: readonly BrokerSaslMechanism[];
  /**
   * Users by name with their passwords; at least one. SCRAM credentials are written into the
   * metadata log at format time (`kafka-storage format --add-scram`), PLAIN users into the
   * listener's JAAS config. Names and passwords: letters, digits, `.`, `_`, `-` (no quoting needed
   * in either place). The first user is the one the readiness probe logs in as.
   */
  readonly users: Readonly<Record<string, string>>;
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
  /** `127.0.0.1:<port>` of the PLAINTEXT listener. */
  readonly bootstrap: string;
  /** `127.0.0.1:<port>` of the SASL_PLAINTEXT listener; only when `sasl` was given. */
  readonly saslBootstrap?: string;
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

const SASL_LISTENER = 'SASL_PLAINTEXT';
const DEFAULT_SASL_MECHANISMS: readonly BrokerSaslMechanism[] = ['SCRAM-SHA-256', 'SCRAM-SHA-512'];
const SAFE_CREDENTIAL = /^[A-Za-z0-9._-]+$/;

interface ListenerPorts {
  readonly port: number;
  readonly controllerPort: number;
  /** Set when the SASL listener is wanted. */
  readonly saslPort?: number;
}

function saslMechanisms(sasl: KafkaBrokerSaslOptions): readonly BrokerSaslMechanism[] {
  return sasl.mechanisms ?? DEFAULT_SASL_MECHANISMS;
}

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

// The server side of SCRAM needs only the login module (credentials live in the metadata log);
// PLAIN keeps its users in the JAAS line as user_<name>="<password>".
function saslListenerProperties(sasl: KafkaBrokerSaslOptions): Record<string, string> {
  const prefix = `listener.name.${SASL_LISTENER.toLowerCase()}`;
  const mechanisms = saslMechanisms(sasl);
  const properties: Record<string, string> = { [`${prefix}.sasl.enabled.mechanisms`]: mechanisms.join(',') };
  for (const mechanism of mechanisms) {
    properties[`${prefix}.${mechanism.toLowerCase()}.sasl.jaas.config`] =
      mechanism === 'PLAIN'
        ? `org.apache.kafka.common.security.plain.PlainLoginModule required ${Object.entries(sasl.users)
            .map(([name, password]) => `user_${name}="${password}"`)
            .join(' ')};`
        : 'org.apache.kafka.common.security.scram.ScramLoginModule required;';
  }
  return properties;
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

// Single-node settings: every internal topic at replication 1 (or transactions never become
// available), no initial rebalance delay, few partitions so internal topics come up fast.
function serverProperties(ports: ListenerPorts, dataDir: string, sasl: KafkaBrokerSaslOptions | undefined, extra: Record<string, string>): string {
  const { port, controllerPort, saslPort } = ports;
  const withSasl = sasl !== undefined && saslPort !== undefined;
  const saslListener = withSasl ? `,${SASL_LISTENER}://127.0.0.1:${saslPort}` : '';
  const properties: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}${saslListener}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}${saslListener}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': `CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT${withSasl ? `,${SASL_LISTENER}:SASL_PLAINTEXT` : ''}`,
    'log.dirs': dataDir,
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '4',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'transaction.state.log.num.partitions': '4',
    'default.replication.factor': '1',
    'min.insync.replicas': '1',
    'num.partitions': '1',
    'group.initial.rebalance.delay.ms': '0',
    'auto.create.topics.enable': 'false',
    'log.cleaner.backoff.ms': '1000',
    ...(withSasl ? saslListenerProperties(sasl) : {}),
    ...extra,
  };
  return Object.entries(properties).map(([key, value]) => `${key}=${value}`).join('\n') + '\n';
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

const LOG4J = [
  'log4j.rootLogger=INFO, stdout',
  'log4j.appender.stdout=org.apache.log4j.ConsoleAppender',
  'log4j.appender.stdout.layout=org.apache.log4j.PatternLayout',
  'log4j.appender.stdout.layout.ConversionPattern=[%d] %p %m (%c)%n',
  'log4j.logger.kafka.request.logger=WARN',
  'log4j.logger.org.apache.kafka.controller=WARN',
  '',
].join('\n');

async function waitForMetadata(bootstrap: string, sasl: SASLOptions | undefined, deadline: number, exited: () => boolean): Promise<void> {
  const quiet = { brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } };
  const kafka = new Kafka(sasl === undefined ? quiet : { ...quiet, sasl });
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
 * Formats a fresh KRaft data directory and starts Apache Kafka on free loopback ports, returning
 * once a metadata request succeeds (over SASL as the first user when `sasl` is given, which also
 * proves the credentials were created). Requires `installKafka()` to have run.
 */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const { sasl } = options;
  if (sasl !== undefined) checkSaslOptions(sasl);
  const java = findJava(17);
  const home = kafkaHome();
  const ownsWorkDir = options.workDir === undefined;
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'workos-kafka-broker-'));
  const dataDir = join(workDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const [port, controllerPort] = [await freePort(), await freePort()];
  const saslPort = sasl === undefined ? undefined : await freePort();
  const propertiesFile = join(workDir, 'server.properties');
  writeFileSync(propertiesFile, serverProperties({ port, controllerPort, saslPort }, dataDir, sasl, options.extraProperties ?? {}));
  const log4jFile = join(workDir, 'log4j.properties');
  writeFileSync(log4jFile, LOG4J);
  const classpath = join(home, 'libs', '*');
  const jvmArgs = [`-Xmx${options.heap ?? '512m'}`, '-XX:+UseG1GC', `-Dlog4j.configuration=file:${log4jFile}`, '-cp', classpath];
  // A cluster id is a 16-byte base64url Kafka Uuid; format must precede every fresh start. SCRAM
  // users go in here: KRaft keeps them in the metadata log, and there is no ZooKeeper to hold them.
  const clusterId = randomBytes(16).toString('base64url');
  const formatArgs = ['kafka.tools.StorageTool', 'format', clusterIdArgument(clusterId), '-c', propertiesFile, ...addScramArguments(sasl)];
  execFileSync(java.executable, [...jvmArgs, ...formatArgs], { stdio: 'pipe' });
  const logFile = join(workDir, 'broker.log');
  const bootstrap = `127.0.0.1:${port}`;
  const saslBootstrap = saslPort === undefined ? undefined : `127.0.0.1:${saslPort}`;
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
    bootstrap,
    ...(saslBootstrap === undefined ? {} : { saslBootstrap }),
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

import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { freePort } from './free-port.js';
import { kafkaHome } from './install.js';
import { findJava } from './java-runtime.js';
import { startJava } from './java-process.js';

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
}

/** A running local broker. */
export interface KafkaBroker {
  /** `127.0.0.1:<port>` of the PLAINTEXT listener. */
  readonly bootstrap: string;
  readonly logFile: string;
  readonly workDir: string;
  stop(): Promise<void>;
}

// Single-node settings: every internal topic at replication 1 (or transactions never become
// available), no initial rebalance delay, few partitions so internal topics come up fast.
function serverProperties(port: number, controllerPort: number, dataDir: string, extra: Record<string, string>): string {
  const properties: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${port}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT',
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
    ...extra,
  };
  return Object.entries(properties).map(([key, value]) => `${key}=${value}`).join('\n') + '\n';
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

async function waitForMetadata(bootstrap: string, deadline: number, exited: () => boolean): Promise<void> {
  const kafka = new Kafka({ brokers: [bootstrap], logLevel: logLevel.NOTHING, retry: { retries: 0 } });
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
 * once a metadata request succeeds. Requires `installKafka()` to have run.
 */
export async function startKafkaBroker(options: KafkaBrokerOptions = {}): Promise<KafkaBroker> {
  const java = findJava(17);
  const home = kafkaHome();
  const ownsWorkDir = options.workDir === undefined;
  const workDir = options.workDir ?? mkdtempSync(join(tmpdir(), 'workos-kafka-broker-'));
  const dataDir = join(workDir, 'data');
  mkdirSync(dataDir, { recursive: true });
  const [port, controllerPort] = [await freePort(), await freePort()];
  const propertiesFile = join(workDir, 'server.properties');
  writeFileSync(propertiesFile, serverProperties(port, controllerPort, dataDir, options.extraProperties ?? {}));
  const log4jFile = join(workDir, 'log4j.properties');
  writeFileSync(log4jFile, LOG4J);
  const classpath = join(home, 'libs', '*');
  const jvmArgs = [`-Xmx${options.heap ?? '512m'}`, '-XX:+UseG1GC', `-Dlog4j.configuration=file:${log4jFile}`, '-cp', classpath];
  // A cluster id is a 16-byte base64url Kafka Uuid; format must precede every fresh start.
  const clusterId = randomBytes(16).toString('base64url');
  execFileSync(java.executable, [...jvmArgs, 'kafka.tools.StorageTool', 'format', '-t', clusterId, '-c', propertiesFile], {
    stdio: 'pipe',
  });
  const logFile = join(workDir, 'broker.log');
  const process = startJava(java.executable, [...jvmArgs, 'kafka.Kafka', propertiesFile], logFile, workDir);
  const bootstrap = `127.0.0.1:${port}`;
  try {
    await waitForMetadata(bootstrap, Date.now() + (options.readyTimeoutMs ?? 120_000), () => process.child.exitCode !== null);
  } catch (error) {
    await process.stop(2_000);
    throw new Error(`Kafka broker failed to start (${String(error)}). Broker log: ${logFile}\n${process.tail()}`);
  }
  return {
    bootstrap,
    logFile,
    workDir,
    async stop() {
      await process.stop();
      if (ownsWorkDir) rmSync(workDir, { recursive: true, force: true });
    },
  };
}

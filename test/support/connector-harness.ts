import { spawn, type ChildProcess } from 'node:child_process';
import { inject, onTestFinished } from 'vitest';
import { createLogger } from '../../core/logger.js';
import { loadConnectorConfig, type ConnectorConfig } from '../../connector/config.js';
import { createConnector, type Connector } from '../../connector/create-connector.js';
import type { ReaderObserver } from '../../connector/events-reader.js';
import type { WorkosEmulator } from '../../emulator/server.js';
import { uniqueName } from './kafka-test-kit.js';
import { workosApiEnvFor } from '../../emulator/api-env.js';

/** Topics and names of one connector under test. */
export interface ConnectorNames {
  readonly connectorName: string;
  readonly eventsTopic: string;
  readonly cursorTopic: string;
  readonly controlTopic: string;
}

/** Fresh names for one test. */
export function freshConnectorNames(): ConnectorNames {
  return { connectorName: uniqueName('conn'), eventsTopic: uniqueName('events'), cursorTopic: uniqueName('cursor'), controlTopic: uniqueName('control') };
}

/** The environment a connector process needs to read `emulator` and write the run's broker. */
export function connectorEnv(emulator: WorkosEmulator, names: ConnectorNames, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...workosApiEnvFor(emulator),
    KAFKA_BROKERS: inject('kafkaBrokers'),
    SCHEMA_REGISTRY_URL: inject('schemaRegistryUrl'),
    CONNECTOR_NAME: names.connectorName,
    WORKOS_EVENTS_TOPIC: names.eventsTopic,
    WORKOS_CURSOR_TOPIC: names.cursorTopic,
    WORKOS_CONTROL_TOPIC: names.controlTopic,
    // The broker's smallest session: a fenced instance and a standby resume sooner.
    CONNECTOR_LEASE_SESSION_TIMEOUT_MS: '6000',
    WORKOS_EVENTS_TOPIC_PARTITIONS: '6',
    WORKOS_START: 'earliest',
    // These tests are about the event stream; the snapshot tests ask for `initial` themselves.
    WORKOS_SNAPSHOT_MODE: 'never',
    WORKOS_REQUESTS_PER_SECOND: '100',
    WORKOS_REQUEST_TIMEOUT_MS: '5000',
    POLL_INTERVAL_MS: '200',
    LOG_LEVEL: 'warn',
    // Connector processes of parallel tests would fight over the fixed default metrics port.
    METRICS_PORT: '0',
    ...extra,
  };
}

/** A connector running inside the test process. */
export interface InProcessConnector {
  readonly config: ConnectorConfig;
  readonly connector: Connector;
  /** Settles when `run` returns or throws. */
  readonly done: Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts a connector in this process; `stop()` aborts it and waits for a clean end. `observer`
 * sees every WorkOS request and retry wait (to assert how faults were classified).
 */
export function startConnector(env: Record<string, string>, observer?: ReaderObserver): InProcessConnector {
  const config = loadConnectorConfig(env);
  const connector = createConnector(config, createLogger({ level: config.LOG_LEVEL, pretty: false }), observer);
  const controller = new AbortController();
  const done = connector.run(controller.signal);
  done.catch(() => undefined);
  return {
    config,
    connector,
    done,
    async stop() {
      controller.abort();
      await done;
    },
  };
}

/** Runs `connector/main.ts` as a child process with `env` on top of this process's environment. */
export function spawnConnector(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['--import', 'tsx', 'connector/main.ts'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Collects a child's output (for assertion messages) and its exit. */
export function watchChild(child: ChildProcess): { output: () => string; exited: Promise<number | null> } {
  const chunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { output: () => chunks.join(''), exited };
}

/** A connector child process with its output and exit. */
export interface ConnectorProcess {
  readonly child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code, or the signal name when a signal ended it. */
  readonly exited: Promise<number | string>;
  /** Whether it has exited. */
  hasExited(): boolean;
}

/**
 * Runs a connector entry point (default `connector/main.ts`) as one real process (`node --import
 * tsx`, so a signal reaches the connector, not a launcher) and kills it when the test ends.
 */
export function runConnectorProcess(env: Record<string, string>, args: readonly string[] = [], entry = 'connector/main.ts'): ConnectorProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  let done = false;
  const exited = new Promise<number | string>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve(code ?? signal ?? 'unknown');
    }),
  );
  onTestFinished(() => {
    if (!done) child.kill('SIGKILL');
  });
  return { child, output: () => output, exited, hasExited: () => done };
}

/** Waits for a child to exit, failing with its output when it takes longer than `timeoutMs`. */
export async function exitOf(proc: ConnectorProcess, timeoutMs = 60_000): Promise<number | string> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`child did not exit within ${timeoutMs} ms; output:\n${proc.output().slice(-3000)}`)), timeoutMs);
  });
  try {
    return await Promise.race([proc.exited, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

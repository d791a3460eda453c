import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from './free-port.js';
import { apicurioHome } from './install.js';
import { findJava } from './java-runtime.js';
import { startJava } from './java-process.js';

/** A running local Apicurio Registry (in-memory storage) with its Confluent-compatible API. */
export interface SchemaRegistryServer {
  /** Base URL of the Confluent-compatible API, `http://127.0.0.1:<port>/apis/ccompat/v7`. */
  readonly url: string;
  readonly logFile: string;
  stop(): Promise<void>;
}

/** Options for the local registry. */
export interface SchemaRegistryOptions {
  /** Maximum wait for readiness, ms. Default 180000 (Quarkus on two busy cores is slow). */
  readonly readyTimeoutMs?: number;
  readonly heap?: string;
}

async function isReady(managementPort: number, url: string): Promise<boolean> {
  try {
    const health = await fetch(`http://127.0.0.1:${managementPort}/health/ready`);
    if (!health.ok) return false;
    const subjects = await fetch(`${url}/subjects`);
    return subjects.ok;
  } catch {
    return false;
  }
}

/**
 * Starts Apicurio Registry 3 from the cached Maven Central tarball on free loopback ports and
 * waits until its readiness check and its `/subjects` endpoint answer. Storage is the default
 * in-memory H2, so every start is empty. Apicurio 3.3 needs Java 21+.
 */
export async function startSchemaRegistry(options: SchemaRegistryOptions = {}): Promise<SchemaRegistryServer> {
  const java = findJava(21);
  const workDir = mkdtempSync(join(tmpdir(), 'workos-kafka-registry-'));
  const [port, managementPort] = [await freePort(), await freePort()];
  const url = `http://127.0.0.1:${port}/apis/ccompat/v7`;
  const logFile = join(workDir, 'registry.log');
  const args = [
    `-Xmx${options.heap ?? '384m'}`,
    '-Dquarkus.http.host=127.0.0.1',
    `-Dquarkus.http.port=${port}`,
    '-Dquarkus.management.host=127.0.0.1',
    `-Dquarkus.management.port=${managementPort}`,
    // No telemetry or UI work at start-up; keeps a cold start on two cores short.
    '-Dquarkus.otel.enabled=false',
    '-jar',
    join(apicurioHome(), 'quarkus-run.jar'),
  ];
  const process = startJava(java.executable, args, logFile, workDir);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 180_000);
  while (!(await isReady(managementPort, url))) {
    if (process.child.exitCode !== null || Date.now() > deadline) {
      await process.stop(2_000);
      const why = process.child.exitCode !== null ? 'exited during start-up' : 'did not become ready in time';
      throw new Error(`Schema registry ${why}. Registry log: ${logFile}\n${process.tail()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return {
    url,
    logFile,
    async stop() {
      await process.stop();
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

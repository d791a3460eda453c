import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A java executable and the feature version it reported. */
export interface JavaRuntime {
  readonly executable: string;
  readonly majorVersion: number;
}

/** How long `java -version` may take before that JVM is passed over. */
const JAVA_PROBE_TIMEOUT_MS = 60_000;

function versionOf(executable: string): number | undefined {
  // `java -version` writes to stderr and exits 0; read both streams. Bounded: a JVM that does not
  // answer counts as no JVM rather than holding the launcher (and a test run's setup) forever.
  const result = spawnSync(executable, ['-XshowSettings:properties', '-version'], { encoding: 'utf8', timeout: JAVA_PROBE_TIMEOUT_MS, killSignal: 'SIGKILL' });
  if (result.error) return undefined;
  return parseVersion(`${result.stdout}\n${result.stderr}`);
}

function parseVersion(text: string): number | undefined {
  const match = /java\.specification\.version = (\d+)/.exec(text) ?? /version "(\d+)/.exec(text);
  return match?.[1] ? Number(match[1]) : undefined;
}

function candidates(): string[] {
  const found: string[] = [];
  for (const variable of ['WORKOS_KAFKA_JAVA_HOME', 'JAVA_HOME']) {
    const home = process.env[variable];
    if (home) found.push(join(home, 'bin', 'java'));
  }
  const jvmRoot = '/usr/lib/jvm';
  if (existsSync(jvmRoot)) {
    for (const entry of readdirSync(jvmRoot)) found.push(join(jvmRoot, entry, 'bin', 'java'));
  }
  found.push('java');
  return [...new Set(found)].filter((path) => path === 'java' || existsSync(path));
}

/**
 * Finds the newest Java runtime on this machine at or above `minimumMajor`. Kafka 3.9 and 4.x
 * brokers need 17 (4.x refuses anything older); Apicurio 3.3 is compiled for 21, which is why the
 * search looks past the default `java`.
 */
export function findJava(minimumMajor: number): JavaRuntime {
  const seen: string[] = [];
  let best: JavaRuntime | undefined;
  for (const executable of candidates()) {
    const majorVersion = versionOf(executable);
    seen.push(`${executable} (${majorVersion ?? 'unusable'})`);
    if (majorVersion !== undefined && majorVersion >= minimumMajor && (!best || majorVersion > best.majorVersion)) {
      best = { executable, majorVersion };
    }
  }
  if (!best) {
    throw new Error(
      `no Java ${minimumMajor}+ runtime found; looked at ${seen.join(', ') || 'nothing'}. ` +
        `Install one or point WORKOS_KAFKA_JAVA_HOME at it.`,
    );
  }
  return best;
}

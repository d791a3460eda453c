import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where downloaded broker and registry artifacts live: outside the repository, shared by every
 * clone, so the download happens once per machine. Override with `WORKOS_KAFKA_CACHE`. The Kafka
 * version is chosen in `kafka-version.ts`; each version gets a directory of its own.
 */
export function stackCacheDir(): string {
  return process.env.WORKOS_KAFKA_CACHE ?? join(homedir(), '.cache', 'workos-kafka');
}

/** Apicurio Registry version; its `all` tarball on Maven Central holds the runnable Quarkus app. */
export const APICURIO_VERSION = '3.3.3';

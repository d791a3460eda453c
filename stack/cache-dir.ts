import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * Where downloaded broker and registry artifacts live: outside the repository, shared by every
 * clone, so the download happens once per machine. Override with `WORKOS_KAFKA_CACHE`.
 */
export function stackCacheDir(): string {
  return process.env.WORKOS_KAFKA_CACHE ?? join(homedir(), '.cache', 'workos-kafka');
}

/** Apache Kafka version the local launcher runs (the last 3.x line; kafkajs 2.2.4 speaks it fully). */
export const KAFKA_VERSION = '3.9.1';
/** Apicurio Registry version; its `all` tarball on Maven Central holds the runnable Quarkus app. */
export const APICURIO_VERSION = '3.3.3';

/**
 * What every benchmark shares: the broker and registry (given, or a local stack started here),
 * a logger on stderr (stdout carries only the report), unique names, and cleanup of everything
 * the run created, so the shared development broker is left as it was found.
 */
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';
import { pino, type Logger } from 'pino';
import { createKafkaClient } from '../core/kafka-client.js';
import { createLogger } from '../core/logger.js';
import { startLocalStack } from '../stack/local-stack.js';

/** The environment of one bench run. */
export interface BenchEnv {
  readonly brokers: readonly string[];
  readonly registryUrl: string;
  /** `environment` when KAFKA_BROKERS/SCHEMA_REGISTRY_URL were given, else `local-stack`. */
  readonly stackSource: 'environment' | 'local-stack';
  /** Start-up of the local stack, ms (0 when given). */
  readonly stackStartMs: number;
  /** Warnings and errors only, on stderr. */
  readonly logger: Logger;
  /** A kafkajs client for the run's broker. */
  kafka(clientId: string): Kafka;
  /** A name no other run or repetition uses: `bench-<run id>-<suffix>`. */
  name(suffix: string): string;
  /** Deletes `topics` and their `<topic>-value` registry subjects at the end of the run. */
  dropTopicsLater(...topics: string[]): void;
  /** Deletes these consumer groups at the end of the run. */
  dropGroupsLater(...groups: string[]): void;
  /** Deletes these registry subjects too, with the topics (subjects not named `<topic>-value`, e.g. snapshot records'). */
  dropSubjectsLater(...subjects: string[]): void;
  /** Runs `work` at the end of the run (last registered runs first). */
  atEnd(work: () => Promise<void> | void): void;
  /** Deletes the run's topics and runs every cleanup; stops a local stack. Never throws. */
  close(): Promise<void>;
}

/** A progress line on stderr (stdout carries only the report). */
export function say(message: string): void {
  process.stderr.write(`[bench] ${message}\n`);
}

/** Uses the given broker and registry when both are set, otherwise starts (and later stops) a local stack. */
export async function openBenchEnv(env: NodeJS.ProcessEnv = process.env): Promise<BenchEnv> {
  // BENCH_LOG_LEVEL=info (or debug) shows what the roles under test are doing; the default keeps the table readable.
  const logger = createLogger({ level: (env.BENCH_LOG_LEVEL as 'info' | undefined) ?? 'warn', destination: pino.destination({ dest: 2, sync: true }) });
  let brokers: string[];
  let registryUrl: string;
  let stopStack = async (): Promise<void> => undefined;
  let stackStartMs = 0;
  const given = Boolean(env.KAFKA_BROKERS && env.SCHEMA_REGISTRY_URL);
  if (given) {
    brokers = (env.KAFKA_BROKERS as string).split(',').map((b) => b.trim()).filter(Boolean);
    registryUrl = env.SCHEMA_REGISTRY_URL as string;
    say(`using KAFKA_BROKERS=${brokers.join(',')} SCHEMA_REGISTRY_URL=${registryUrl}`);
  } else {
    if (env.KAFKA_BROKERS || env.SCHEMA_REGISTRY_URL) say('only one of KAFKA_BROKERS/SCHEMA_REGISTRY_URL is set; starting a local stack instead');
    say('starting a local Kafka broker and schema registry (the first run downloads them from Maven Central)…');
    const started = Date.now();
    const stack = await startLocalStack({ onProgress: (message) => say(message) });
    stackStartMs = Date.now() - started;
    brokers = [stack.broker.bootstrap];
    registryUrl = stack.registry.url;
    stopStack = () => stack.stop();
    say(`local stack up in ${(stackStartMs / 1000).toFixed(1)} s: ${stack.broker.bootstrap}, ${registryUrl}`);
  }
  const runId = randomBytes(3).toString('hex');
  const topics = new Set<string>();
  const groups = new Set<string>();
  const subjects = new Set<string>();
  const cleanups: Array<() => Promise<void> | void> = [];
  const kafka = (clientId: string): Kafka => createKafkaClient({ brokers, clientId, logger });

  return {
    brokers,
    registryUrl,
    stackSource: given ? 'environment' : 'local-stack',
    stackStartMs,
    logger,
    kafka,
    name: (suffix) => `bench-${runId}-${suffix}`,
    dropTopicsLater: (...names) => names.forEach((topic) => topics.add(topic)),
    dropGroupsLater: (...names) => names.forEach((group) => groups.add(group)),
    dropSubjectsLater: (...names) => names.forEach((subject) => subjects.add(subject)),
    atEnd: (work) => cleanups.push(work),
    async close() {
      for (const work of cleanups.reverse()) await Promise.resolve().then(work).catch((err: unknown) => say(`cleanup failed: ${String(err)}`));
      if ((topics.size > 0 || groups.size > 0) && given) {
        const admin = kafka('bench-cleanup').admin();
        try {
          await admin.connect();
          if (groups.size > 0) await admin.deleteGroups([...groups]).catch((err: unknown) => say(`could not delete consumer groups: ${String(err)}`));
          // A busy broker can time out part of a deletion: look again and retry what is left.
          for (let attempt = 1; attempt <= 3; attempt += 1) {
            const existing = new Set(await admin.listTopics());
            const doomed = [...topics].filter((topic) => existing.has(topic));
            if (doomed.length === 0) break;
            await admin.deleteTopics({ topics: doomed, timeout: 30_000 }).catch((err: unknown) => {
              if (attempt === 3) throw err;
            });
          }
          await deleteSubjects(registryUrl, [...[...topics].map((topic) => `${topic}-value`), ...subjects]);
        } catch (err) {
          say(`could not delete the run's topics: ${String(err)}`);
        } finally {
          await admin.disconnect().catch(() => undefined);
        }
      }
      await stopStack().catch((err: unknown) => say(`stopping the local stack failed: ${String(err)}`));
    },
  };
}

// Soft delete, then permanent, as the Confluent API requires; subjects that never existed answer 404.
async function deleteSubjects(registryUrl: string, subjects: readonly string[]): Promise<void> {
  const base = registryUrl.replace(/\/+$/, '');
  for (const subject of subjects) {
    const url = `${base}/subjects/${encodeURIComponent(subject)}`;
    const soft = await fetch(url, { method: 'DELETE' }).catch(() => undefined);
    if (soft?.ok) await fetch(`${url}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
  }
}

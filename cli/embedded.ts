import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import kafkajs from 'kafkajs';
import pino from 'pino';
import { z } from 'zod';
import { loadConnectorConfig } from '../connector/config.js';
import { nonNegativeInteger, positiveInteger } from '../core/config-values.js';
import { checkAll, configurationError, parseEnv } from '../core/env-config.js';
import { createLogger } from '../core/logger.js';
import type { RoleContext } from '../core/role-context.js';
import { LOG_LEVEL } from '../core/settings/common-settings.js';
import { settingsSchema } from '../core/settings/settings-schema.js';
import { createConnector } from '../connector/create-connector.js';
import { createKafkaClient } from '../core/kafka-client.js';
import { fetchGroupLag } from '../core/consumer-lag.js';
import { createEventDecoder } from '../consumers/config/event-decoder.js';
import {
  createEffectExecutor,
  createRecordingSender,
  createSqlEffectLedger,
  createSqlMirrorStore,
  DEFAULT_MIRROR_GROUP_ID,
  DEFAULT_NOTIFIER_GROUP_ID,
  openDatabase,
  startDirectoryMirror,
  startNotifier,
} from '../consumers/index.js';
import { startLocalStack } from '../stack/local-stack.js';
import { startEmbeddedWorld, type EmbeddedWorldOptions } from './embedded-world.js';
import { formatProgress, snapshotFigures } from './progress-line.js';

/** Options of the embedded demo. */
export interface EmbeddedOptions extends EmbeddedWorldOptions {
  /** Stop by itself after this many seconds (0 = run until Ctrl-C). */
  readonly durationSeconds: number;
  /** Seconds between progress lines. */
  readonly progressIntervalSeconds: number;
}

/** What `workos-kafka embedded` reads besides its own options: only how much to log (its Kafka is its own). */
export const EMBEDDED_SETTINGS = [LOG_LEVEL] as const;

const embeddedSettingsSchema = settingsSchema(EMBEDDED_SETTINGS, 'embedded');

/** The demo's options as the command line gives them (text, checked together with the settings). */
export interface EmbeddedFlags {
  readonly organizations: string;
  readonly historyEvents: string;
  readonly liveRate: string;
  readonly seed: string;
  readonly duration: string;
  readonly progressInterval: string;
}

const embeddedFlagsSchema = z.object({
  organizations: positiveInteger,
  historyEvents: nonNegativeInteger,
  liveRate: nonNegativeInteger,
  seed: nonNegativeInteger,
  duration: nonNegativeInteger,
  progressInterval: nonNegativeInteger,
});

/** The parsed `workos-kafka embedded`. */
export type EmbeddedConfig = EmbeddedOptions & Readonly<z.output<typeof embeddedSettingsSchema>>;

/** Validates the options and settings together; throws `CONFIG_INVALID` listing every problem (options named by flag). */
export function loadEmbeddedConfig(values: Record<string, string | undefined>, flags: EmbeddedFlags): EmbeddedConfig {
  const [settings, options] = checkAll('embedded', [
    () => parseEnv(embeddedSettingsSchema, values, 'embedded'),
    () => {
      const parsed = embeddedFlagsSchema.safeParse(flags);
      if (parsed.success) return parsed.data;
      throw configurationError(
        'embedded',
        parsed.error.issues.map((issue) => `--${String(issue.path[0]).replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}: ${issue.message}`),
      );
    },
  ]);
  return Object.freeze({
    ...settings,
    organizations: options.organizations,
    historyEvents: options.historyEvents,
    liveEventsPerSecond: options.liveRate,
    seed: options.seed,
    durationSeconds: options.duration,
    // 0 asked for as many lines as possible: one a second is as many as make sense.
    progressIntervalSeconds: Math.max(1, options.progressInterval),
  });
}

/**
 * The whole pipeline on one machine with no configuration: a local Kafka broker and schema
 * registry, the WorkOS emulator with a seeded world and live events, the connector, the directory
 * mirror and the notifier, with a progress line until Ctrl-C (or `durationSeconds`).
 */
export async function runEmbedded(options: EmbeddedConfig, context: RoleContext): Promise<void> {
  const say = context.print;
  // The terminal is for the progress display and human messages; JSON logs go to a file it names,
  // kept after the run for a look when something went wrong.
  const logPath = join(tmpdir(), `workos-kafka-embedded-${process.pid}.log`);
  // Synchronous: the file is complete when the command returns, even when it ends right after start-up.
  const logFile = pino.destination({ dest: logPath, sync: true, mkdir: true });
  const logger = createLogger({ level: options.LOG_LEVEL, base: { service: 'workos-kafka-embedded' }, destination: logFile });
  say(`logs (JSON, level ${options.LOG_LEVEL}): ${logPath}`);
  const stopping = new AbortController();
  const onStop = (): void => {
    if (!stopping.signal.aborted) say('\nstopping: finishing in-flight work…');
    stopping.abort();
  };
  if (context.signal.aborted) stopping.abort();
  else context.signal.addEventListener('abort', onStop, { once: true });
  const cleanups: Array<() => Promise<void> | void> = [];
  const workDir = mkdtempSync(join(tmpdir(), 'workos-kafka-embedded-'));
  cleanups.push(() => rmSync(workDir, { recursive: true, force: true }));

  try {
    if (stopping.signal.aborted) return;
    say('starting a local Kafka broker and schema registry (the first run downloads them from Maven Central)…');
    let lastDownloadLine = 0;
    const stack = await startLocalStack({
      onProgress: (message) => {
        if (Date.now() - lastDownloadLine > 1_000) say(`  ${message}`);
        lastDownloadLine = Date.now();
      },
    });
    cleanups.push(() => stack.stop());
    const { installMs, brokerMs, registryMs } = stack.timings;
    say(`kafka ${stack.broker.bootstrap} (${(brokerMs / 1000).toFixed(1)} s), registry ${stack.registry.url} (${(registryMs / 1000).toFixed(1)} s)${installMs > 2_000 ? `, downloads ${(installMs / 1000).toFixed(0)} s` : ''}`);
    if (stopping.signal.aborted) return;

    const world = await startEmbeddedWorld(options);
    cleanups.push(() => world.stop());
    say(`WorkOS emulator ${world.emulator.url}: ${options.historyEvents} events of history across ${options.organizations} organizations, ${options.liveEventsPerSecond} new events/s`);

    const config = loadConnectorConfig({
      WORKOS_API_KEY: world.emulator.apiKey,
      WORKOS_API_HOSTNAME: world.emulator.hostname,
      WORKOS_API_PORT: String(world.emulator.port),
      WORKOS_API_HTTPS: 'false',
      KAFKA_BROKERS: stack.broker.bootstrap,
      SCHEMA_REGISTRY_URL: stack.registry.url,
      WORKOS_START: 'earliest',
      POLL_INTERVAL_MS: '1000',
      WORKOS_REQUESTS_PER_SECOND: '20',
    });
    const connector = createConnector(config, logger);
    const connectorRun = connector.run(stopping.signal);
    connectorRun.catch(() => undefined);
    cleanups.push(() => connectorRun.catch(() => undefined));

    const kafka = createKafkaClient({ brokers: config.KAFKA_BROKERS, clientId: 'workos-kafka-embedded', logger });
    const decode = createEventDecoder(config.WORKOS_EVENTS_TOPIC, config.SCHEMA_REGISTRY_URL);
    const sqlitePath = join(workDir, 'consumers.sqlite');
    const store = createSqlMirrorStore(await openDatabase({ kind: 'sqlite', path: sqlitePath }));
    const ledger = createSqlEffectLedger(await openDatabase({ kind: 'sqlite', path: sqlitePath }));
    cleanups.push(() => store.close(), () => ledger.close());
    await store.migrate();
    await ledger.migrate();
    // The demo delivers effects to an in-memory recorder instead of real endpoints.
    const sender = createRecordingSender();
    const executor = createEffectExecutor({ ledger, senders: { 'welcome-message': sender, 'deprovision-call': sender }, logger });
    // Consumers subscribe once the connector has created the topic.
    await waitForTopic(kafka, config.WORKOS_EVENTS_TOPIC, stopping.signal);
    const topic = config.WORKOS_EVENTS_TOPIC;
    const mirror = await startDirectoryMirror({ kafka, store, decode, logger, topic });
    const notifier = await startNotifier({ kafka, executor, decode, logger, topic });
    cleanups.push(() => mirror.stop(), () => notifier.stop());
    say(`connector → ${topic}; consumer groups ${DEFAULT_MIRROR_GROUP_ID} (SQLite mirror) and ${DEFAULT_NOTIFIER_GROUP_ID} (effects). Ctrl-C stops everything.`);

    const admin = kafka.admin();
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    let previous = { at: Date.now(), published: 0, snapshotRows: 0 };
    const deadline = options.durationSeconds > 0 ? Date.now() + options.durationSeconds * 1000 : Infinity;
    const failure = Promise.race([connectorRun.then(() => null), mirror.done.then(() => null), notifier.done.then(() => null)]);
    failure.catch(() => stopping.abort());
    while (!stopping.signal.aborted && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, options.progressIntervalSeconds * 1000));
      if (stopping.signal.aborted) break;
      const published = connector.lag.progress.eventsPublished;
      // Read once: the connector moves on during the awaits below, and the rate needs the rows shown.
      const snapshot = { ...connector.snapshot };
      const now = Date.now();
      const lagOf = (group: string) => fetchGroupLag(admin, group, topic).then((lag) => lag.total, () => null);
      const counts = await store.counts();
      say(
        formatProgress({
          servedByWorkos: world.emulator.store.size,
          published,
          publishedPerSecond: ((published - previous.published) * 1000) / Math.max(1, now - previous.at),
          secondsBehind: connector.lag.secondsBehind(),
          snapshot: snapshotFigures(snapshot, previous.snapshotRows, now - previous.at),
          lagByGroup: { mirror: await lagOf(DEFAULT_MIRROR_GROUP_ID), notifier: await lagOf(DEFAULT_NOTIFIER_GROUP_ID) },
          mirrorRows: Object.fromEntries(Object.entries(counts).map(([table, count]) => [table, count.live])),
          effectsDone: (await ledger.counts()).done,
        }),
      );
      previous = { at: now, published, snapshotRows: snapshot.rows };
    }
    stopping.abort();
    await failure;
  } finally {
    stopping.abort();
    for (const cleanup of cleanups.reverse()) await Promise.resolve(cleanup()).catch((error: unknown) => logger.warn({ err: error }, 'cleanup step failed'));
    context.signal.removeEventListener('abort', onStop);
  }
  say('stopped cleanly');
}

async function waitForTopic(kafka: kafkajs.Kafka, topic: string, signal: AbortSignal): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    while (!signal.aborted && !(await admin.listTopics()).includes(topic)) await new Promise((resolve) => setTimeout(resolve, 200));
  } finally {
    await admin.disconnect();
  }
}

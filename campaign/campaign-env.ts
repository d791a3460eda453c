/**
 * The broker and registry of one campaign (given through the environment, or a local stack
 * started here, which is the only case where the broker can be restarted), the run's unique
 * names, and the cleanup that leaves a shared broker as it was found.
 */
import { randomBytes } from 'node:crypto';
import { logLevel, type Admin } from 'kafkajs';
// Also loads the kafkajs mend into the campaign's process, where the independent reader runs too.
import { newKafkaClient } from '../core/kafkajs-client.js';
import type { KafkaBroker } from '../stack/kafka-broker.js';
import { startLocalStack } from '../stack/local-stack.js';
import { say } from './say.js';
import { waitUntil } from './wait.js';

/** Names of everything a run creates on the broker; unique per run. */
export interface CampaignNames {
  readonly runId: string;
  readonly connectorName: string;
  readonly eventsTopic: string;
  readonly cursorTopic: string;
  readonly mirrorGroup: string;
  readonly notifierGroup: string;
}

/** Broker, registry and cleanup of one run. */
export interface CampaignEnv {
  readonly brokers: string;
  readonly registryUrl: string;
  readonly source: 'environment' | 'local-stack';
  /** The local broker (restartable); undefined when the broker came from the environment. */
  readonly localBroker?: KafkaBroker;
  readonly stackStartMs: number;
  readonly names: CampaignNames;
  /** A kafkajs admin client (silent); the caller connects and disconnects it. */
  admin(): Admin;
  /** Consumer groups to delete at the end on a shared broker. */
  dropGroupLater(group: string): void;
  /** Deletes the run's topics, groups and subjects on a shared broker; stops a local stack. Never throws. */
  close(): Promise<void>;
}

/** Uses KAFKA_BROKERS/SCHEMA_REGISTRY_URL when both are set, else starts a local stack. */
export async function openCampaignEnv(env: NodeJS.ProcessEnv = process.env): Promise<CampaignEnv> {
  const given = Boolean(env.KAFKA_BROKERS && env.SCHEMA_REGISTRY_URL);
  let brokers: string;
  let registryUrl: string;
  let localBroker: KafkaBroker | undefined;
  let stopStack = async (): Promise<void> => undefined;
  const started = Date.now();
  if (given) {
    brokers = env.KAFKA_BROKERS as string;
    registryUrl = env.SCHEMA_REGISTRY_URL as string;
    say(`using KAFKA_BROKERS=${brokers} SCHEMA_REGISTRY_URL=${registryUrl}`);
  } else {
    say('starting a local Kafka broker and schema registry (the first run downloads them from Maven Central)…');
    const stack = await startLocalStack({ onProgress: (message) => say(message) });
    brokers = stack.broker.bootstrap;
    registryUrl = stack.registry.url;
    localBroker = stack.broker;
    stopStack = () => stack.stop();
    say(`local stack up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${brokers}, ${registryUrl}`);
  }
  const runId = randomBytes(3).toString('hex');
  const prefix = `campaign-${runId}`;
  const names: CampaignNames = {
    runId,
    connectorName: prefix,
    eventsTopic: `${prefix}-events`,
    cursorTopic: `${prefix}-cursor`,
    mirrorGroup: `${prefix}-mirror`,
    notifierGroup: `${prefix}-notifier`,
  };
  const groups = new Set([names.mirrorGroup, names.notifierGroup]);
  const kafka = newKafkaClient({ brokers: brokers.split(','), clientId: `${prefix}-admin`, logLevel: logLevel.NOTHING });
  const admin = (): Admin => kafka.admin();
  return {
    brokers,
    registryUrl,
    source: given ? 'environment' : 'local-stack',
    ...(localBroker === undefined ? {} : { localBroker }),
    stackStartMs: given ? 0 : Date.now() - started,
    names,
    admin,
    dropGroupLater: (group) => groups.add(group),
    async close() {
      if (given) await dropEverything(admin(), registryUrl, names, [...groups]);
      await stopStack().catch((err: unknown) => say(`stopping the local stack failed: ${String(err)}`));
    },
  };
}

async function dropEverything(admin: Admin, registryUrl: string, names: CampaignNames, groups: string[]): Promise<void> {
  const topics = [names.eventsTopic, names.cursorTopic, `${names.mirrorGroup}.dlq`, `${names.notifierGroup}.dlq`];
  try {
    await admin.connect();
    // A member SIGKILLed less than a session (or rebalance) timeout ago still counts: the group is
    // not empty yet. Groups already gone count as deleted.
    const remaining = new Set(groups);
    const drop = async (): Promise<boolean> => {
      const results = await admin.deleteGroups([...remaining]).catch((err: { groups?: { groupId: string; errorCode: number }[] }) => err.groups ?? []);
      for (const result of results) if (result.errorCode === 0 || result.errorCode === 69) remaining.delete(result.groupId);
      return remaining.size === 0;
    };
    if (!(await drop())) {
      say(`waiting up to 90 s for consumer groups ${[...remaining].join(', ')} to empty before deleting them…`);
      if (!(await waitUntil(drop, 90_000, 3_000))) say(`could not delete the consumer groups ${[...remaining].join(', ')}`);
    }
    const existing = new Set(await admin.listTopics());
    const doomed = topics.filter((topic) => existing.has(topic));
    if (doomed.length > 0) await admin.deleteTopics({ topics: doomed, timeout: 30_000 });
  } catch (err) {
    say(`could not delete the run's topics: ${String(err)}`);
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
  // Soft delete, then permanent, as the Confluent API requires; a subject never created answers 404.
  const base = registryUrl.replace(/\/+$/, '');
  for (const subject of topics.map((topic) => `${topic}-value`)) {
    const url = `${base}/subjects/${encodeURIComponent(subject)}`;
    const soft = await fetch(url, { method: 'DELETE' }).catch(() => undefined);
    if (soft?.ok) await fetch(`${url}?permanent=true`, { method: 'DELETE' }).catch(() => undefined);
  }
}

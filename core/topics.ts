/**
 * Topic provisioning: create a topic when missing, otherwise report what exists so the caller can
 * refuse to run on a misconfigured one (e.g. a cursor topic that is not compacted).
 */
import kafkajs from 'kafkajs';
import type { Admin } from 'kafkajs';
import { ConnectorError, isRetriable } from './errors.js';

const { ConfigResourceTypes } = kafkajs;

/** The events topic every role uses unless `WORKOS_EVENTS_TOPIC` says otherwise. */
export const DEFAULT_EVENTS_TOPIC = 'workos.events';

/** The connector's compacted cursor topic unless `WORKOS_CURSOR_TOPIC` says otherwise. */
export const DEFAULT_CURSOR_TOPIC = 'workos.cursor';

/** Requests to running connectors (snapshots on demand) unless `WORKOS_CONTROL_TOPIC` says otherwise. */
export const DEFAULT_CONTROL_TOPIC = 'workos.connector-control';

/** Effective topic configuration, `config name → value`, defaults included. */
export type TopicConfig = Readonly<Record<string, string>>;

/** The `kafka-configs` command an operator runs to set one config of an existing topic (`key=value`). */
export function alterTopicConfigCommand(topic: string, setting: string): string {
  return `kafka-configs --alter --entity-type topics --entity-name ${topic} --add-config ${setting}`;
}

/** What {@link ensureTopic} should create when the topic is missing. */
export interface TopicSpec {
  topic: string;
  /** Partition count on creation. Never changed on an existing topic. */
  numPartitions: number;
  /** Replication factor on creation; -1 lets the broker use `default.replication.factor`. */
  replicationFactor: number;
  /** Topic configs on creation, e.g. `{ 'cleanup.policy': 'compact' }`. */
  configEntries?: Readonly<Record<string, string>>;
}

/** Result of {@link ensureTopic}. */
export interface EnsureTopicResult {
  /** True when this call created the topic. */
  created: boolean;
  /** The topic's partition count as the broker reports it. */
  numPartitions: number;
  /** Effective configuration after the call, defaults included. */
  config: TopicConfig;
}

/**
 * Creates `spec.topic` when it does not exist; returns the effective config either way. An
 * existing topic is never altered: comparing it with what the role needs is the caller's job.
 * A concurrent creator is tolerated (kafkajs answers `false` for TOPIC_ALREADY_EXISTS).
 */
export async function ensureTopic(admin: Admin, spec: TopicSpec): Promise<EnsureTopicResult> {
  try {
    return await ensureTopicUnwrapped(admin, spec);
  } catch (err) {
    throw asKafkaError(err, spec.topic, `Could not ensure topic "${spec.topic}"`);
  }
}

async function ensureTopicUnwrapped(admin: Admin, spec: TopicSpec): Promise<EnsureTopicResult> {
  const existing = await admin.listTopics();
  let created = false;
  if (!existing.includes(spec.topic)) {
    created = await admin.createTopics({
      // kafkajs' own wait gives up on UNKNOWN_TOPIC_OR_PARTITION, which a busy broker answers for a
      // moment after creating a topic; waitForLeaders below retries that.
      waitForLeaders: false,
      topics: [
        {
          topic: spec.topic,
          numPartitions: spec.numPartitions,
          replicationFactor: spec.replicationFactor,
          configEntries: Object.entries(spec.configEntries ?? {}).map(([name, value]) => ({ name, value })),
        },
      ],
    });
  }
  const numPartitions = await waitForLeaders(admin, spec.topic);
  const config = await describeTopicConfig(admin, spec.topic);
  return { created, numPartitions, config };
}

/** How long a new topic may take to get a leader for every partition, ms. */
const LEADER_WAIT_MS = 60_000;

/**
 * Waits until every partition of `topic` has a leader and returns the partition count. Metadata
 * errors in between (UNKNOWN_TOPIC_OR_PARTITION, LEADER_NOT_AVAILABLE) are the broker still
 * propagating the creation, so they are retried until the deadline.
 */
async function waitForLeaders(admin: Admin, topic: string): Promise<number> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    try {
      const metadata = await admin.fetchTopicMetadata({ topics: [topic] });
      const partitions = metadata.topics.find((t) => t.name === topic)?.partitions ?? [];
      if (partitions.length > 0 && partitions.every((p) => p.leader >= 0)) return partitions.length;
    } catch (err) {
      if (Date.now() > deadline || !isRetriable(err)) throw err;
    }
    if (Date.now() > deadline) {
      throw new ConnectorError(`topic "${topic}" has partitions without a leader after ${LEADER_WAIT_MS} ms`, {
        code: 'KAFKA_ERROR',
        retriable: true,
        context: { topic },
      });
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Keeps our own errors; wraps kafkajs' as `KAFKA_ERROR`, retriable exactly when kafkajs says so. */
function asKafkaError(err: unknown, topic: string, what: string): ConnectorError {
  if (err instanceof ConnectorError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new ConnectorError(`${what}: ${message}`, { code: 'KAFKA_ERROR', retriable: isRetriable(err), cause: err, context: { topic } });
}

/**
 * The topic's effective configuration through `DescribeConfigs` (resource type TOPIC), defaults
 * included. Sensitive values the broker withholds (null) are left out.
 * Throws `TOPIC_MISCONFIGURED` when the broker reports an error for the topic (e.g. it does not exist).
 */
export async function describeTopicConfig(admin: Admin, topic: string): Promise<TopicConfig> {
  let response: Awaited<ReturnType<Admin['describeConfigs']>>;
  try {
    response = await admin.describeConfigs({
      includeSynonyms: false,
      resources: [{ type: ConfigResourceTypes.TOPIC, name: topic }],
    });
  } catch (err) {
    throw asKafkaError(err, topic, `Could not describe topic "${topic}"`);
  }
  const resource = response.resources.find((r) => r.resourceName === topic);
  if (resource === undefined || resource.errorCode !== 0) {
    const detail = resource === undefined ? 'no answer for it' : `error ${resource.errorCode} ${resource.errorMessage ?? ''}`;
    throw new ConnectorError(`Could not describe topic "${topic}": ${detail.trim()}`, {
      code: 'TOPIC_MISCONFIGURED',
      context: { topic },
    });
  }
  const entries: Record<string, string> = {};
  for (const entry of resource.configEntries) {
    if (typeof entry.configValue === 'string') entries[entry.configName] = entry.configValue;
  }
  return Object.freeze(entries);
}

/** Whether `cleanup.policy` includes `policy` (`compact,delete` includes both). Kafka's default is `delete`. */
export function hasCleanupPolicy(config: TopicConfig, policy: 'compact' | 'delete'): boolean {
  const value = config['cleanup.policy'] ?? 'delete';
  return value.split(',').map((p) => p.trim()).includes(policy);
}

/**
 * The control topic: requests to running connectors (today, snapshots on demand), keyed by
 * connector name. One partition, so requests are taken in the order they were made; `delete`
 * retention of a week, because a request is either taken within seconds by a running connector
 * or is stale.
 */
import type { Admin } from 'kafkajs';
import { topicName } from '../../core/config-values.js';
import { defineSetting } from '../../core/settings/setting.js';
import { DEFAULT_CONTROL_TOPIC, ensureTopic } from '../../core/topics.js';

export const WORKOS_CONTROL_TOPIC = defineSetting({
  env: 'WORKOS_CONTROL_TOPIC',
  group: 'Topics',
  help: 'the control topic: snapshot requests (from `snapshot` and `reconcile --repair`) to running connectors, keyed by connector name',
  type: topicName,
  default: DEFAULT_CONTROL_TOPIC,
});

const WEEK_MS = 7 * 86_400_000;

/** Creates the control topic unless it exists (an existing one is used as it is). */
export async function ensureControlTopic(admin: Admin, topic: string, replicationFactor: number): Promise<void> {
  await ensureTopic(admin, {
    topic,
    numPartitions: 1,
    replicationFactor,
    configEntries: { 'cleanup.policy': 'delete', 'retention.ms': String(WEEK_MS) },
  });
}

/** The consumer group in which a connector reads its requests. */
export function controlGroupFor(transactionalId: string): string {
  return `${transactionalId}.control`;
}

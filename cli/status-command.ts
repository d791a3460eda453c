import type { Logger } from 'pino';
import { CursorStore } from '../connector/cursor-store.js';
import { fetchGroupLag } from '../core/consumer-lag.js';
import { createKafkaClient } from '../core/kafka-client.js';
import { kafkaSecurityFromEnv } from './kafka-security-from-env.js';
import { parseTimestampMs } from '../core/workos-timestamp.js';
import { createCodec } from '../schemas/codec.js';
import { CURSOR_RECORD_SCHEMA } from '../schemas/cursor-record.js';

/** Options of `workos-kafka status`. */
export interface StatusOptions {
  readonly brokers: readonly string[];
  readonly registryUrl?: string;
  readonly connectorName: string;
  readonly eventsTopic: string;
  readonly cursorTopic: string;
  readonly groups: readonly string[];
}

function age(createdAt: string | null): string {
  const at = parseTimestampMs(createdAt);
  if (at === undefined) return 'unknown age';
  const seconds = Math.max(0, (Date.now() - at) / 1000);
  return seconds < 120 ? `${seconds.toFixed(0)} s old` : seconds < 7_200 ? `${(seconds / 60).toFixed(0)} min old` : `${(seconds / 3_600).toFixed(1)} h old`;
}

/** Prints the stored cursor, each group's lag per partition and dead-letter counts; returns the exit code. */
export async function runStatusCommand(options: StatusOptions, logger: Logger, print: (line: string) => void): Promise<number> {
  const kafka = createKafkaClient({ brokers: options.brokers, clientId: 'workos-kafka-status', logger, ...kafkaSecurityFromEnv() });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const topics = new Set(await admin.listTopics());
    if (topics.has(options.cursorTopic)) {
      const store = new CursorStore({
        kafka,
        topic: options.cursorTopic,
        connectorName: options.connectorName,
        codec: createCodec({ topic: options.cursorTopic, schema: CURSOR_RECORD_SCHEMA, registryUrl: options.registryUrl }),
        logger,
      });
      const cursor = await store.readLatest();
      print(
        cursor === null
          ? `cursor ${options.connectorName}: none stored in ${options.cursorTopic}`
          : `cursor ${options.connectorName}: ${cursor.event_id ?? '(no event yet, reading from time)'} created_at ${cursor.event_created_at ?? '-'} (${age(cursor.event_created_at)}), written ${cursor.written_at}`,
      );
    } else print(`cursor topic ${options.cursorTopic} does not exist (the connector has not run)`);

    if (!topics.has(options.eventsTopic)) {
      print(`events topic ${options.eventsTopic} does not exist`);
      return 1;
    }
    for (const group of options.groups) {
      const lag = await fetchGroupLag(admin, group, options.eventsTopic);
      const perPartition = lag.partitions.map((p) => `p${p.partition}=${p.lag}`).join(' ');
      print(`group ${group}: lag ${lag.total} (${perPartition})`);
      const dlq = `${group}.dlq`;
      if (topics.has(dlq)) {
        const offsets = await admin.fetchTopicOffsets(dlq);
        print(`  dead letters in ${dlq}: ${offsets.reduce((sum, p) => sum + Number(p.high) - Number(p.low), 0)}`);
      } else print(`  dead letters: none (${dlq} not created)`);
    }
    return 0;
  } finally {
    await admin.disconnect();
  }
}

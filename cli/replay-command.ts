import { createKafkaClient } from '../core/kafka-client.js';
import { kafkaSecurityFromEnv } from './kafka-security-from-env.js';
import type { Logger } from 'pino';
import { replayGroup, type ReplayTarget } from '../consumers/index.js';

/** Options of `workos-kafka replay`. */
export interface ReplayCommandOptions {
  readonly brokers: readonly string[];
  readonly group: string;
  readonly topic: string;
  /** `earliest`, an ISO timestamp, or `partition:offset[,partition:offset…]`. */
  readonly to: string;
  readonly apply: boolean;
}

/** Parses `--to`; throws with the accepted forms when it is none of them. */
export function parseReplayTarget(to: string): ReplayTarget {
  if (to === 'earliest') return { kind: 'earliest' };
  if (/^\d+:\d+(,\d+:\d+)*$/.test(to)) {
    return { kind: 'offsets', offsets: to.split(',').map((pair) => ({ partition: Number(pair.split(':')[0]), offset: pair.split(':')[1] ?? '0' })) };
  }
  const timestampMs = Date.parse(to);
  if (/^\d{4}-\d{2}-\d{2}/.test(to) && !Number.isNaN(timestampMs)) return { kind: 'timestamp', timestampMs };
  throw new Error(`--to must be "earliest", an ISO-8601 timestamp or partition:offset pairs, got "${to}"`);
}

/** Prints old → new offsets per partition; writes them only with `--apply` and an idle group. */
export async function runReplayCommand(options: ReplayCommandOptions, logger: Logger): Promise<number> {
  const target = parseReplayTarget(options.to);
  const kafka = createKafkaClient({ brokers: options.brokers, clientId: 'workos-kafka-replay', logger, ...kafkaSecurityFromEnv() });
  const admin = kafka.admin();
  await admin.connect();
  try {
    const report = await replayGroup({ admin, groupId: options.group, topic: options.topic, target, dryRun: !options.apply });
    process.stdout.write(`group ${report.groupId} on ${report.topic} (state ${report.groupState}, ${report.activeMembers} active members)\n`);
    for (const move of report.partitions) process.stdout.write(`  partition ${move.partition}: ${move.from ?? '(none)'} → ${move.to}\n`);
    if (report.applied) process.stdout.write('offsets written; start the group to replay.\n');
    else if (options.apply) {
      process.stdout.write('NOT applied: the group has active members. Stop every member, then run again.\n');
      return 1;
    } else process.stdout.write('dry run: nothing changed. Add --apply to write these offsets (the group must be stopped).\n');
    return 0;
  } finally {
    await admin.disconnect();
  }
}

/**
 * The Kafka side of `workos-kafka dlq`: read a group's dead letters with what became of their
 * redrives, and redrive chosen ones into the group's own redrive topic, never into the shared
 * events topic (every other group would see them again there).
 */
import kafkajs, { type Admin, type Kafka, type Message } from 'kafkajs';
import type { Logger } from 'pino';
import { ConnectorError } from '../../core/errors.js';
import { batchBytes, DEFAULT_EVENTS_MAX_MESSAGE_BYTES, MAX_EVENTS_MAX_MESSAGE_BYTES, recordBytes, topicMaxMessageBytes } from '../../core/message-size.js';
import { describeTopicConfig } from '../../core/topics.js';
import { deadLetterMaxMessageBytes } from '../runtime/dead-letter.js';
import { ensureRedriveTopic, redriveMessage, redriveTopicOf } from '../runtime/redrive-topic.js';
import { viewDeadLetter, viewRedriveMark, withRedriveStates, type DeadLetterStatus, type RedriveMark } from './dead-letter-view.js';
import { readTopicsToEnd } from './read-topics.js';

const { AssignerProtocol, CompressionTypes, Partitioners } = kafkajs;

/** A group's dead letters and where its redrives stand. */
export interface DeadLetterReport {
  readonly groupId: string;
  readonly dlqTopic: string;
  readonly redriveTopic: string;
  /** False when the group never ran (the runtime creates `<group>.dlq` at start). */
  readonly dlqExists: boolean;
  readonly redriveTopicExists: boolean;
  /** In dead-letter-topic order. */
  readonly deadLetters: readonly DeadLetterStatus[];
  /** The group as the coordinator sees it; `readsRedrive` null when it has no members to ask. */
  readonly group: { readonly state: string; readonly members: number; readonly readsRedrive: boolean | null };
}

/** Reads `<group>.dlq`, `<group>.redrive` and the group's offsets there. */
export async function inspectDeadLetters(kafka: Kafka, groupId: string, options: { readonly timeoutMs?: number } = {}): Promise<DeadLetterReport> {
  const dlqTopic = `${groupId}.dlq`;
  const redriveTopic = redriveTopicOf(groupId);
  const admin = kafka.admin();
  await admin.connect();
  let topics: Set<string>;
  let committed = new Map<number, string>();
  let group: DeadLetterReport['group'];
  try {
    topics = new Set(await admin.listTopics());
    if (topics.has(redriveTopic)) {
      const [offsets] = await admin.fetchOffsets({ groupId, topics: [redriveTopic] });
      committed = new Map((offsets?.partitions ?? []).map((p) => [p.partition, p.offset]));
    }
    group = await describeGroup(admin, groupId, redriveTopic);
  } finally {
    await admin.disconnect();
  }
  const base = { groupId, dlqTopic, redriveTopic, dlqExists: topics.has(dlqTopic), redriveTopicExists: topics.has(redriveTopic), group };
  if (!base.dlqExists) return { ...base, deadLetters: [] };

  const read = await readTopicsToEnd(kafka, base.redriveTopicExists ? [dlqTopic, redriveTopic] : [dlqTopic], {
    groupPrefix: `workos-kafka-dlq.${groupId}`,
    // A dead letter is as big as the biggest record its group could read.
    maxMessageBytes: deadLetterMaxMessageBytes(MAX_EVENTS_MAX_MESSAGE_BYTES),
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
  const letters = (read.get(dlqTopic) ?? []).map(viewDeadLetter);
  const marks = (read.get(redriveTopic) ?? []).map(viewRedriveMark).filter((mark): mark is RedriveMark => mark !== undefined);
  return { ...base, deadLetters: withRedriveStates(letters, marks, committed) };
}

/** What a redrive did. */
export interface RedriveOutcome {
  /** True when this redrive created `<group>.redrive` (a group started before it existed reads it from its next start). */
  readonly createdTopic: boolean;
  readonly sent: number;
  readonly redrivenAt: string;
}

/**
 * Produces `letters` (from `report`, in their order) to the group's redrive topic, creating it
 * with the dead-letter topic's partition count when missing. Idempotent producer, one in flight,
 * all replicas: the order of one key's records is kept and none is written twice by a retry.
 */
export async function redriveDeadLetters(kafka: Kafka, report: DeadLetterReport, letters: readonly DeadLetterStatus[], logger: Logger, now = new Date()): Promise<RedriveOutcome> {
  const { redriveTopic } = report;
  // By construction `<group>.redrive`; checked anyway, because redriving into a topic the records
  // were first read from is exactly what this command exists to prevent.
  // (Topic names cannot contain ':', so an origin's topic is what precedes the first one.)
  if (letters.some((letter) => letter.origin?.split(':')[0] === redriveTopic)) {
    throw new ConnectorError(`Refusing to redrive into ${redriveTopic}: dead letters were first read from it`, { code: 'CONFIG_INVALID', context: { topic: redriveTopic } });
  }
  const redrivenAt = now.toISOString();
  if (letters.length === 0) return { createdTopic: false, sent: 0, redrivenAt };

  const admin = kafka.admin();
  await admin.connect();
  let createdTopic: boolean;
  let maxMessageBytes: number;
  try {
    // As large as the dead-letter topic takes: every dead letter read from it must fit.
    maxMessageBytes = topicMaxMessageBytes(await describeTopicConfig(admin, report.dlqTopic)) ?? deadLetterMaxMessageBytes(DEFAULT_EVENTS_MAX_MESSAGE_BYTES);
    createdTopic = (await ensureRedriveTopic(admin, redriveTopic, await partitionCount(admin, report.dlqTopic), maxMessageBytes, logger)).created;
  } finally {
    await admin.disconnect();
  }
  const producer = kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    // murmur2 like the Java clients and the connector: one key, one redrive partition, whoever redrives.
    createPartitioner: Partitioners.DefaultPartitioner,
  });
  await producer.connect();
  try {
    for (const messages of batchesWithin(letters.map((letter) => redriveMessage(letter.record, now)), maxMessageBytes)) {
      await producer.send({ topic: redriveTopic, acks: -1, compression: CompressionTypes.GZIP, messages });
    }
  } finally {
    await producer.disconnect();
  }
  logger.info({ groupId: report.groupId, redriveTopic, sent: letters.length }, 'dead letters redriven');
  return { createdTopic, sent: letters.length, redrivenAt };
}

/**
 * `messages` in sends of at most 500 whose batch stays within `maxMessageBytes` even uncompressed
 * (a send may put them all in one partition's batch); a single bigger message goes alone.
 */
export function batchesWithin(messages: readonly Message[], maxMessageBytes: number): Message[][] {
  const batches: Message[][] = [];
  let current: Message[] = [];
  let bytes = 0;
  for (const message of messages) {
    const size = recordBytes(message);
    if (current.length > 0 && (current.length >= 500 || batchBytes(bytes + size) > maxMessageBytes)) {
      batches.push(current);
      current = [];
      bytes = 0;
    }
    current.push(message);
    bytes += size;
  }
  if (current.length > 0) batches.push(current);
  return batches;
}

async function partitionCount(admin: Admin, topic: string): Promise<number> {
  return Math.max(1, (await admin.fetchTopicOffsets(topic)).length);
}

/** The group's state, and whether any member is assigned the redrive topic (an older consumer is not). */
async function describeGroup(admin: Admin, groupId: string, redriveTopic: string): Promise<DeadLetterReport['group']> {
  const { groups } = await admin.describeGroups([groupId]);
  const group = groups.find((g) => g.groupId === groupId);
  const members = group?.members ?? [];
  const readsRedrive =
    members.length === 0
      ? null
      : members.some((member) => {
          const assignment = member.memberAssignment.length > 0 ? AssignerProtocol.MemberAssignment.decode(member.memberAssignment) : null;
          return assignment !== null && (assignment.assignment[redriveTopic]?.length ?? 0) > 0;
        });
  return { state: group?.state ?? 'Dead', members: members.length, readsRedrive };
}

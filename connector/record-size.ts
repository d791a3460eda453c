/**
 * Keeps every batch the publisher sends within the events topic's `max.message.bytes`: one record
 * that can never fit stops the connector naming it (before anything is sent, so the cursor stays
 * before it), and a transaction's records go out in as many sends as it takes, because kafkajs
 * puts all of one send's records for a partition in one batch, and one organization's big
 * directory sync lands in one partition.
 */
import type { IHeaders, Message, TopicMessages } from 'kafkajs';
import { causeChain, ConnectorError } from '../core/errors.js';
import { batchBytes, raiseTopicLimitCommand, recordBytes } from '../core/message-size.js';
import { EVENT_HEADERS } from './event-message.js';
import { SNAPSHOT_HEADERS } from './snapshot/snapshot-messages.js';

/** The setting an operator raises when an event does not fit. */
export const MAX_MESSAGE_BYTES_SETTING = 'WORKOS_EVENTS_MAX_MESSAGE_BYTES';

/** One record to send in a transaction, with its topic. */
export interface OutgoingRecord {
  readonly topic: string;
  readonly message: Message;
  /**
   * Its {@link recordBytes}, when the caller measured it already: the publisher measures each
   * record once and both the fit check and the send plan reuse it (it is on every event's path).
   */
  readonly bytes?: number;
}

/** The record's {@link recordBytes}, measured now unless it carries them. */
export function sizeOf(record: OutgoingRecord): number {
  return record.bytes ?? recordBytes(record.message);
}

function header(headers: IHeaders | undefined, name: string): string | undefined {
  const value = headers?.[name];
  const one = Array.isArray(value) ? value[0] : value;
  return one === undefined ? undefined : one.toString();
}

/** How an operator finds the record: the event id, or the snapshot entity, or its key. */
export function describeRecord(message: Message): string {
  const eventId = header(message.headers, EVENT_HEADERS.eventId);
  if (eventId !== undefined) {
    const type = header(message.headers, EVENT_HEADERS.eventType);
    return type === undefined ? `event ${eventId}` : `event ${eventId} (${type})`;
  }
  const entityId = header(message.headers, SNAPSHOT_HEADERS.entityId);
  if (entityId !== undefined) return `snapshot record of ${header(message.headers, SNAPSHOT_HEADERS.entity) ?? 'entity'} ${entityId}`;
  return `record with key ${message.key?.toString() ?? '(none)'}`;
}

/** `1572864` → `1,572,864 bytes (1.50 MiB)`. */
function bytesText(bytes: number): string {
  return `${bytes.toLocaleString('en-US')} bytes (${(bytes / 1024 / 1024).toFixed(2)} MiB)`;
}

/** The fatal error for a record that cannot be published within `limitBytes`. */
export function recordTooLargeError(options: {
  readonly message: Message;
  readonly sizeBytes: number;
  readonly limitBytes: number;
  readonly topic: string;
  /** The broker refused it (the topic's own limit is below the setting), rather than the check before sending. */
  readonly refusedByBroker?: boolean;
  readonly cause?: unknown;
}): ConnectorError {
  const { message, sizeBytes, limitBytes, topic } = options;
  const what = describeRecord(message);
  const text = options.refusedByBroker
    ? `Kafka refused a record batch of topic ${topic} holding ${what} (${bytesText(sizeBytes)}, the largest in it) as too large, though the batch keeps within ${MAX_MESSAGE_BYTES_SETTING}=${limitBytes}: ` +
      `the topic's max.message.bytes is lower; raise it to ${limitBytes} (${raiseTopicLimitCommand(topic, limitBytes)}) and restart; the cursor stays before this page`
    : `${what} is ${bytesText(sizeBytes)} as a Kafka record batch, over the limit of ${bytesText(limitBytes)} for topic ${topic} (${MAX_MESSAGE_BYTES_SETTING}); ` +
      `raise ${MAX_MESSAGE_BYTES_SETTING} and the topic's max.message.bytes to at least ${sizeBytes} and restart; the cursor stays before this event`;
  return new ConnectorError(text, {
    code: 'KAFKA_ERROR',
    retriable: false,
    cause: options.cause,
    context: {
      reason: 'record-too-large',
      topic,
      eventId: header(message.headers, EVENT_HEADERS.eventId),
      sizeBytes,
      limitBytes,
      setting: MAX_MESSAGE_BYTES_SETTING,
    },
  });
}

/** Throws {@link recordTooLargeError} for the first record that alone exceeds `limitBytes` as a batch. */
export function assertRecordsFit(records: readonly OutgoingRecord[], limitBytes: number): void {
  for (const record of records) {
    const sizeBytes = batchBytes(sizeOf(record));
    if (sizeBytes > limitBytes) throw recordTooLargeError({ message: record.message, sizeBytes, limitBytes, topic: record.topic });
  }
}

/** One send of a transaction: its records grouped by topic (order within a topic kept) and its largest record. */
export interface PlannedSend {
  readonly topicMessages: TopicMessages[];
  readonly largest: OutgoingRecord;
  readonly largestBytes: number;
}

/**
 * Splits `records` (in order) into sends whose records together fit one batch of `limitBytes`
 * even uncompressible, so no partition's batch and no produce request of a send can exceed it.
 * Sends run one after another on one idempotent producer, so each partition keeps its order.
 * Call {@link assertRecordsFit} first: a record too big on its own still gets a send of its own.
 */
export function planSends(records: readonly OutgoingRecord[], limitBytes: number): PlannedSend[] {
  const sends: PlannedSend[] = [];
  let current = new SendBuilder();
  for (const record of records) {
    const bytes = sizeOf(record);
    if (!current.isEmpty && batchBytes(current.bytes + bytes) > limitBytes) {
      sends.push(current.build());
      current = new SendBuilder();
    }
    current.add(record, bytes);
  }
  if (!current.isEmpty) sends.push(current.build());
  return sends;
}

/** One send being filled: its records by topic (in order), their size and the largest one. */
class SendBuilder {
  private readonly byTopic = new Map<string, Message[]>();
  private largest: OutgoingRecord | undefined;
  private largestBytes = 0;
  bytes = 0;

  get isEmpty(): boolean {
    return this.largest === undefined;
  }

  add(record: OutgoingRecord, bytes: number): void {
    if (this.largest === undefined || bytes > this.largestBytes) [this.largest, this.largestBytes] = [record, bytes];
    this.bytes += bytes;
    const messages = this.byTopic.get(record.topic);
    if (messages === undefined) this.byTopic.set(record.topic, [record.message]);
    else messages.push(record.message);
  }

  build(): PlannedSend {
    const topicMessages = [...this.byTopic].map(([topic, messages]) => ({ topic, messages }));
    return { topicMessages, largest: this.largest as OutgoingRecord, largestBytes: batchBytes(this.largestBytes) };
  }
}

/** kafkajs answer types that mean a batch was too big for the topic (or its log segment). */
const TOO_LARGE_TYPES = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE']);

// kafkajs' retrier can wrap the protocol error in one that keeps only its message.
const TOO_LARGE_TEXT = /larger than the max message size|batch larger than the configured segment size/;

/** Whether a produce failure was the broker refusing a batch as too large. */
export function isRecordTooLarge(error: unknown): boolean {
  return causeChain(error).some((link) => {
    const { type, message } = (link ?? {}) as { type?: unknown; message?: unknown };
    return (typeof type === 'string' && TOO_LARGE_TYPES.has(type)) || (typeof message === 'string' && TOO_LARGE_TEXT.test(message));
  });
}

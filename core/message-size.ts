/**
 * How big a record batch of the events topic may be, and what that means for the producer (the
 * worst-case size of what it sends), the topic (`max.message.bytes`) and every reader (how much a
 * fetch must be allowed to return). Shared by the connector, the consumers and `status`, so they
 * agree on one number.
 */
import type { IHeaders, Message } from 'kafkajs';
import { alterTopicConfigCommand, type TopicConfig } from './topics.js';

/**
 * Default `WORKOS_EVENTS_MAX_MESSAGE_BYTES`. Directory events carry the identity provider's raw
 * attributes, and 1.5 MiB events have been seen; 8 MiB leaves five times that, stays far below
 * the broker's `socket.request.max.bytes` (100 MiB, which must hold a whole produce request) and
 * bounds what a reader must buffer per partition.
 */
export const DEFAULT_EVENTS_MAX_MESSAGE_BYTES = 8 * 1024 * 1024;

/** Smallest accepted setting: below Kafka's own 1 MiB default nothing is gained. */
export const MIN_EVENTS_MAX_MESSAGE_BYTES = 1024 * 1024;

/**
 * Largest accepted setting: a produce request carries at least one whole batch and must fit the
 * broker's default `socket.request.max.bytes` (100 MiB), and every reader buffers this much per
 * partition it fetches.
 */
export const MAX_EVENTS_MAX_MESSAGE_BYTES = 64 * 1024 * 1024;

/** kafkajs' default `maxBytes` (a whole fetch response), which readers keep as a floor. */
const KAFKAJS_DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

/** A record batch's header (magic v2): it stays uncompressed. */
const BATCH_HEADER_BYTES = 61;
/** One record's framing at its widest: length, attributes, timestamp and offset deltas, key and value lengths, header count. */
const RECORD_FRAMING_BYTES = 5 + 1 + 10 + 5 + 5 + 5 + 5;
/** One header's framing at its widest: its key and value lengths. */
const HEADER_FRAMING_BYTES = 10;

function byteLength(value: string | Buffer | null | undefined): number {
  if (value === null || value === undefined) return 0;
  return typeof value === 'string' ? Buffer.byteLength(value) : value.length;
}

// Runs for every record the connector publishes, hence no entries arrays or wrapper arrays.
function headersBytes(headers: IHeaders | undefined): number {
  if (headers === undefined) return 0;
  let total = 0;
  for (const name of Object.keys(headers)) {
    const value = headers[name];
    const nameBytes = HEADER_FRAMING_BYTES + Buffer.byteLength(name);
    if (!Array.isArray(value)) total += nameBytes + byteLength(value);
    else for (const one of value) total += nameBytes + byteLength(one);
  }
  return total;
}

/** Upper bound of one message's size inside a record batch, before compression. */
export function recordBytes(message: Message): number {
  return RECORD_FRAMING_BYTES + byteLength(message.key) + byteLength(message.value) + headersBytes(message.headers);
}

/**
 * What GZIP can turn `n` bytes into at worst (zlib's `deflateBound` for Node's default settings,
 * plus the 18-byte gzip wrapper): random bytes grow a little rather than shrink, and the broker
 * checks the compressed size.
 */
export function gzipBound(n: number): number {
  return n + (n >>> 12) + (n >>> 14) + (n >>> 25) + 7 + 18;
}

/** Worst-case size on the wire and on disk of one GZIP batch holding records of `recordsBytes` in all. */
export function batchBytes(recordsBytes: number): number {
  return BATCH_HEADER_BYTES + gzipBound(recordsBytes);
}

/**
 * kafkajs fetch sizes that let a reader fetch a batch of `maxMessageBytes` from any partition.
 * kafkajs asks for `maxBytesPerPartition` (default 1 MiB) per partition; the broker still answers
 * a bigger first batch of the first partition that has data (KIP-74), but a bigger batch of any
 * later partition comes back empty and kafkajs silently drops a partial one, so with several
 * partitions busy a big record can wait a long time. Per partition, then, the whole limit; per
 * response at least that and never less than kafkajs' 10 MiB default.
 */
export function consumerFetchSizes(maxMessageBytes: number): { maxBytesPerPartition: number; maxBytes: number } {
  return { maxBytesPerPartition: maxMessageBytes, maxBytes: Math.max(KAFKAJS_DEFAULT_MAX_BYTES, maxMessageBytes) };
}

/** The topic's `max.message.bytes` as described, or undefined when the broker did not say. */
export function topicMaxMessageBytes(config: TopicConfig): number | undefined {
  const value = Number(config['max.message.bytes']);
  return Number.isInteger(value) && value > 0 ? value : undefined;
}

/**
 * A one-line warning when an existing events topic takes smaller batches than `configured`
 * (the connector never alters an existing topic), else undefined.
 */
export function topicLimitWarning(topic: string, config: TopicConfig, configured: number): string | undefined {
  const actual = topicLimitBelow(config, configured);
  if (actual === undefined) return undefined;
  return (
    `events topic ${topic} has max.message.bytes=${actual}, below WORKOS_EVENTS_MAX_MESSAGE_BYTES=${configured}: ` +
    `an event between the two stops the connector; raise it with ${raiseTopicLimitCommand(topic, configured)}`
  );
}

/** The topic's `max.message.bytes` when the broker states one below `needed`, else undefined. */
export function topicLimitBelow(config: TopicConfig, needed: number): number | undefined {
  const actual = topicMaxMessageBytes(config);
  return actual !== undefined && actual < needed ? actual : undefined;
}

/** The command that raises a topic's `max.message.bytes` to `bytes`. */
export function raiseTopicLimitCommand(topic: string, bytes: number): string {
  return alterTopicConfigCommand(topic, `max.message.bytes=${bytes}`);
}

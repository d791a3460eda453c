import type { Message } from 'kafkajs';
import { recordBytes } from '../core/message-size.js';
import { partitionKeyFor } from './partition-key.js';
import type { RawWorkosEvent } from './workos-event.js';
import type { ValueCodec } from './cursor-store.js';

/** Header names on every event record; consumers can route or dedupe without decoding the value. */
export const EVENT_HEADERS = {
  eventId: 'workos-event-id',
  eventType: 'workos-event-type',
  createdAt: 'workos-created-at',
  organizationId: 'workos-organization-id',
  /** `event` here; `snapshot` or `snapshot-completion` on snapshot records (see `snapshot-messages.ts`). */
  recordKind: 'workos-record-kind',
} as const;

/**
 * The Kafka record for one WorkOS event: keyed by organization (or by the entity for events with
 * none), the raw event as the value, identifying headers.
 */
export async function toEventMessage(event: RawWorkosEvent, codec: ValueCodec): Promise<Message> {
  const { key, organizationId } = partitionKeyFor(event);
  const headers: Record<string, string> = {
    [EVENT_HEADERS.eventId]: event.id,
    [EVENT_HEADERS.eventType]: event.event,
    [EVENT_HEADERS.createdAt]: event.created_at,
    [EVENT_HEADERS.recordKind]: 'event',
  };
  if (organizationId) headers[EVENT_HEADERS.organizationId] = organizationId;
  return { key, value: await codec.encode(event), headers };
}

/** Events as their records, each with its `recordBytes`, measured once for every later use. */
export interface EncodedEvents {
  readonly messages: readonly Message[];
  /** `recordBytes` of each message, in the same order. */
  readonly bytes: readonly number[];
  readonly totalBytes: number;
}

/** The records of `events`, in order, measured. */
export async function toEventMessages(events: readonly RawWorkosEvent[], codec: ValueCodec): Promise<EncodedEvents> {
  const messages = await Promise.all(events.map((event) => toEventMessage(event, codec)));
  const bytes = messages.map(recordBytes);
  return { messages, bytes, totalBytes: bytes.reduce((sum, size) => sum + size, 0) };
}

/** Several pages' records as one, in order. */
export function joinEncodedEvents(parts: readonly EncodedEvents[]): EncodedEvents {
  if (parts.length === 1) return parts[0] as EncodedEvents;
  return {
    messages: parts.flatMap((part) => part.messages),
    bytes: parts.flatMap((part) => part.bytes),
    totalBytes: parts.reduce((sum, part) => sum + part.totalBytes, 0),
  };
}

/** The records whose position `keep` marks, in order. */
export function selectEncodedEvents(encoded: EncodedEvents, keep: readonly boolean[]): EncodedEvents {
  const messages = encoded.messages.filter((_, i) => keep[i]);
  const bytes = encoded.bytes.filter((_, i) => keep[i]);
  return { messages, bytes, totalBytes: bytes.reduce((sum, size) => sum + size, 0) };
}

import kafkajs from 'kafkajs';
import type { Kafka, Message, Producer } from 'kafkajs';
import type { Logger } from 'pino';
import { ConnectorError } from '../core/errors.js';
import { DEFAULT_EVENTS_MAX_MESSAGE_BYTES, recordBytes } from '../core/message-size.js';
import type { CursorRecord } from './cursor-record.js';
import type { CursorStore, ValueCodec } from './cursor-store.js';
import { toEventMessages, type EncodedEvents } from './event-message.js';
import { isFencedError, isFencingRace } from './kafka-fencing.js';
import { assertRecordsFit, isRecordTooLarge, planSends, recordTooLargeError, type OutgoingRecord, type PlannedSend } from './record-size.js';
import type { RawWorkosEvent } from './workos-event.js';

/** Settings for {@link TransactionalPublisher}. */
export interface PublisherOptions {
  readonly kafka: Kafka;
  /** Derived from the connector name, so a second instance with the same name fences the first. */
  readonly transactionalId: string;
  readonly eventsTopic: string;
  readonly cursorTopic: string;
  readonly cursorStore: CursorStore;
  readonly eventCodec: ValueCodec;
  readonly logger: Logger;
  /** Broker-side transaction timeout, ms. Default 60000 (kafkajs default, under the broker's 900000 cap). */
  readonly transactionTimeoutMs?: number;
  /**
   * Largest record batch the events topic takes (its `max.message.bytes`, from
   * `WORKOS_EVENTS_MAX_MESSAGE_BYTES`). Default {@link DEFAULT_EVENTS_MAX_MESSAGE_BYTES}.
   */
  readonly maxMessageBytes?: number;
  readonly onCommitted?: (info: { events: number; durationMs: number }) => void;
}

/**
 * GZIP: the events topic keeps history forever and WorkOS events are JSON, which GZIP shrinks
 * several times; it is the one codec kafkajs (ours, and any downstream kafkajs reader) decodes
 * without a codec package, and every other Kafka client reads it too. zstd would compress better
 * and faster, but kafkajs needs a native module for it, and every kafkajs reader of the topic
 * would have to register that codec or fail.
 */
const COMPRESSION = kafkajs.CompressionTypes.GZIP;

/**
 * Publishes each page of events and the cursor that follows it in ONE Kafka transaction: a
 * `read_committed` reader sees the whole page and its cursor, or neither.
 */
export class TransactionalPublisher {
  private producer: Producer | null = null;

  constructor(private readonly options: PublisherOptions) {}

  /** Connects and registers the transactional id, fencing any older instance with the same id. */
  async connect(): Promise<void> {
    const { kafka, transactionalId, transactionTimeoutMs } = this.options;
    const producer = kafka.producer({
      transactionalId,
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: transactionTimeoutMs ?? 60_000,
      // murmur2 like the Java clients, so every client agrees on which partition a key lives in.
      createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
      // Right after a commit the broker is still writing markers and answers the next transaction's
      // AddPartitionsToTxn with CONCURRENT_TRANSACTIONS; kafkajs' default 300 ms first retry would
      // cap throughput at a few pages a second. The Java client retries this after 20 ms.
      retry: { initialRetryTime: 10, maxRetryTime: 1_000, retries: 20 },
    });
    await producer.connect();
    // kafkajs registers the transactional id lazily, on the first transaction(). Until then an
    // older instance is not fenced (it can still commit pages this one then publishes again) and
    // its last transaction may not be complete, so the cursor read next could be stale. An empty
    // transaction registers the id now; aborting it sends nothing to the broker.
    const registration = await producer.transaction();
    await registration.abort();
    this.producer = producer;
    // Schema lookup and compilation now, while start-up reads the cursor, not on the first page.
    // A failure is left to that page's encode, which reports and retries it.
    void this.options.eventCodec.prepare?.().catch(() => undefined);
  }

  /** Disconnects; an open transaction is aborted by the broker or by the next instance. */
  async disconnect(): Promise<void> {
    const producer = this.producer;
    this.producer = null;
    await producer?.disconnect().catch(() => undefined);
  }

  /** Drops the producer and registers again: the new epoch aborts whatever transaction was open. */
  async reconnect(): Promise<void> {
    await this.disconnect();
    await this.connect();
  }

  /**
   * `events` as the records {@link publishPage} would send, encoded now: a caller that holds
   * pages before publishing them encodes each page once, as it arrives. Never rejects: on a
   * failure (the registry unreachable, say) it resolves undefined, and publishing the events
   * encodes them again inside the transaction's retries, which report and wait out the failure.
   */
  async encode(events: readonly RawWorkosEvent[]): Promise<EncodedEvents | undefined> {
    return toEventMessages(events, this.options.eventCodec).catch(() => undefined);
  }

  /**
   * Writes `events` (possibly none) and `cursor` atomically. Fencing becomes a fatal
   * `KAFKA_FENCED`; any other failure aborts the transaction and is rethrown for the caller to
   * reconcile against the stored cursor. `encoded`, from {@link encode} for exactly these
   * events, saves encoding them here.
   */
  async publishPage(events: readonly RawWorkosEvent[], cursor: CursorRecord, encoded?: EncodedEvents): Promise<void> {
    // Encode before opening the transaction: registry round-trips must not eat its timeout.
    const records = encoded?.messages.length === events.length ? encoded : await toEventMessages(events, this.options.eventCodec);
    await this.publishRecords(records.messages, records.bytes, cursor, events.length);
  }

  /**
   * Writes already encoded events-topic `messages` and `cursor` in one transaction (a snapshot
   * step's records, say), with the same failure contract as {@link publishPage}.
   */
  async publishMessages(messages: readonly Message[], cursor: CursorRecord, eventCount = 0): Promise<void> {
    await this.publishRecords(messages, messages.map(recordBytes), cursor, eventCount);
  }

  /** {@link publishMessages} with each message's `recordBytes` (`sizes`) measured already. */
  private async publishRecords(messages: readonly Message[], sizes: readonly number[], cursor: CursorRecord, eventCount: number): Promise<void> {
    const producer = this.producer;
    if (!producer) throw new ConnectorError('publisher is not connected', { code: 'KAFKA_ERROR' });
    const { eventsTopic, cursorTopic, cursorStore } = this.options;
    const limitBytes = this.options.maxMessageBytes ?? DEFAULT_EVENTS_MAX_MESSAGE_BYTES;
    // Each record is measured once; the fit check and the send plan both use the figure.
    const records: OutgoingRecord[] = messages.map((message, i) => ({ topic: eventsTopic, message, bytes: sizes[i] as number }));
    // Before the transaction opens: an event that can never fit stops the connector here, with
    // nothing sent and the cursor where it was.
    assertRecordsFit(records, limitBytes);
    const cursorMessage = await cursorStore.toMessage(cursor);
    records.push({ topic: cursorTopic, message: cursorMessage, bytes: recordBytes(cursorMessage) });
    const sends = planSends(records, limitBytes);
    const started = Date.now();
    const transaction = await producer.transaction();
    let sending: PlannedSend | undefined;
    try {
      for (const send of sends) {
        sending = send;
        await transaction.sendBatch({ topicMessages: send.topicMessages, compression: COMPRESSION });
      }
      sending = undefined;
      await transaction.commit();
    } catch (error) {
      await transaction.abort().catch(() => undefined);
      if (isFencedError(error) || isFencingRace(error)) {
        throw new ConnectorError(
          `another connector instance with transactional id "${this.options.transactionalId}" took over; this one stands by`,
          { code: 'KAFKA_FENCED', cause: error },
        );
      }
      if (sending !== undefined && isRecordTooLarge(error)) {
        const { largest, largestBytes } = sending;
        throw recordTooLargeError({ message: largest.message, sizeBytes: largestBytes, limitBytes, topic: largest.topic, refusedByBroker: true, cause: error });
      }
      throw new ConnectorError(`Kafka transaction failed: ${(error as Error).message}`, {
        code: 'KAFKA_ERROR',
        retriable: true,
        cause: error,
        context: { topic: eventsTopic },
      });
    }
    this.options.onCommitted?.({ events: eventCount, durationMs: Date.now() - started });
  }
}

/**
 * The types a consumer group's code sees: the record as consumed, the decoder that turns its bytes
 * into a value, and the handler that does the work.
 */
import type { IHeaders, KafkaMessage } from 'kafkajs';

/** A consumed record, before decoding. */
export interface ConsumedRecord {
  readonly topic: string;
  readonly partition: number;
  /** Kafka offset (decimal string, as kafkajs gives it). */
  readonly offset: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  /** Headers as strings (the first value of a repeated header). */
  readonly headers: Readonly<Record<string, string>>;
  /** The original kafkajs headers, copied unchanged to the dead-letter topic. */
  readonly rawHeaders: IHeaders;
  /** Record timestamp, epoch ms as a decimal string. */
  readonly timestamp: string;
}

/** What a handler gets besides the value. */
export interface HandlerContext {
  readonly record: ConsumedRecord;
  /** 1-based attempt number for this record. */
  readonly attempt: number;
  /** Fires on shutdown; long work should stop between steps and throw. */
  readonly signal: AbortSignal;
  /** Keeps the group membership alive during long work (errors are absorbed and logged). */
  heartbeat(): Promise<void>;
}

/**
 * Turns a record value into what the handler takes. Throw a `ConnectorError` with
 * `retriable: true` for a transient failure (e.g. the registry is down); anything else is a
 * decode failure and dead-letters the record at once. The headers are converted to strings only
 * when the decoder reads one.
 */
export type RecordDecoder<T = unknown> = (value: Buffer, headers: Readonly<Record<string, string>>) => Promise<T>;

/**
 * Does the work for one record. Resolve only when the work is durable: the runtime commits the
 * offset after that. Throw a retriable error to be retried in place, a non-retriable one
 * (`retriable: false`, or a TypeError-like bug) to dead-letter the record.
 */
export type RecordHandler<T = unknown> = (value: T, context: HandlerContext) => Promise<void>;

/** A consumed record and its decoded value. */
export interface DecodedRecord<T = unknown> {
  readonly value: T;
  readonly record: ConsumedRecord;
}

/** What a batch handler gets besides the records. */
export interface BatchContext {
  /** Fires on shutdown; long work should stop between steps and throw. */
  readonly signal: AbortSignal;
  /** Keeps the group membership alive during long work (errors are absorbed and logged). */
  heartbeat(): Promise<void>;
}

/**
 * Does the work for consecutive records of one partition at once (one database transaction for
 * many events, say). All or nothing: resolve only when the work of every record is durable. When
 * it throws, the runtime hands each of those records to the per-record {@link RecordHandler}, with
 * its retries and dead-lettering, so a batch handler must leave nothing half-done when it throws.
 */
export type BatchHandler<T = unknown> = (records: readonly DecodedRecord<T>[], context: BatchContext) => Promise<void>;

/** Converts kafkajs headers into strings (first value of a repeated header). */
export function headersToStrings(headers: IHeaders | undefined): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const first = Array.isArray(value) ? value[0] : value;
    if (first !== undefined) result[name] = Buffer.isBuffer(first) ? first.toString('utf8') : String(first);
  }
  return result;
}

/**
 * The record's string headers as a view converted only when a header is read: the shipped event
 * decoder never does, and converting every record's headers cost 5% of a replay into SQLite.
 * Reads, `in`, spreading and `Object.entries` behave as on the converted object.
 */
export function lazyHeaders(record: ConsumedRecord): Readonly<Record<string, string>> {
  return new Proxy<Record<string, string>>(
    {},
    {
      get: (_target, name) => (typeof name === 'string' ? record.headers[name] : undefined),
      has: (_target, name) => typeof name === 'string' && Object.hasOwn(record.headers, name),
      ownKeys: () => Reflect.ownKeys(record.headers),
      getOwnPropertyDescriptor: (_target, name) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(record.headers, name);
        // A proxy may only report a property its empty target lacks as configurable.
        return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
      },
    },
  );
}

/**
 * A consumed record from a kafkajs message. Its string headers are decoded on first read: most
 * handlers (the mirror's among them) never look at them, and decoding every header of every
 * record cost more per event than a replay can spare.
 */
export function toConsumedRecord(topic: string, partition: number, message: KafkaMessage): ConsumedRecord {
  let headers: Record<string, string> | undefined;
  return {
    topic,
    partition,
    offset: message.offset,
    key: message.key,
    value: message.value,
    get headers(): Record<string, string> {
      headers ??= headersToStrings(message.headers);
      return headers;
    },
    rawHeaders: message.headers ?? {},
    timestamp: message.timestamp,
  };
}

/**
 * The codec contract shared by the registry and plain-JSON implementations.
 */
import type { COMPATIBILITY, SchemaType } from '@kafkajs/confluent-schema-registry';
import type { JsonSchemaDocument } from './json-schema.js';

/** Turns record values into bytes and back. Both methods reject with `ConnectorError`s. */
export interface Codec {
  /** `registry`: Confluent framing + JSON Schema; `json`: plain JSON UTF-8. */
  readonly mode: 'registry' | 'json';
  /** The registry subject (`<topic>-value`), undefined in `json` mode. */
  readonly subject: string | undefined;
  /** Serialises `value`. Registry mode validates it against the schema first (`ENCODE_FAILED`). */
  encode(value: unknown): Promise<Buffer>;
  /**
   * Does now what the first encode would do once (registry mode: resolve the schema id, fetch and
   * compile the schema), so the first page does not wait for it. Encoding works without it.
   */
  prepare(): Promise<void>;
  /**
   * Parses a record value. Rejects with non-retriable `DECODE_FAILED` (with `context.reason`)
   * for bytes it can never read, and with retriable `REGISTRY_UNAVAILABLE` when the registry
   * could not be asked, so consumers dead-letter the first and retry the second.
   */
  decode(bytes: Buffer | null | undefined): Promise<unknown>;
}

/** HTTP basic credentials for the registry. */
export interface RegistryAuth {
  username: string;
  password: string;
}

/** A JSON schema as the registry client takes it. */
export interface JsonConfluentSchema {
  type: SchemaType.JSON;
  schema: string;
}

/**
 * The part of `SchemaRegistry` (@kafkajs/confluent-schema-registry 3.9.0) the codec uses;
 * injectable so the codec's logic is testable without a registry.
 */
export interface RegistryClient {
  register(schema: JsonConfluentSchema, options: { subject: string; compatibility?: COMPATIBILITY }): Promise<{ id: number }>;
  getRegistryIdBySchema(subject: string, schema: JsonConfluentSchema): Promise<number>;
  encode(registryId: number, payload: unknown): Promise<Buffer>;
  decode(buffer: Buffer): Promise<unknown>;
  getSchema(registryId: number): Promise<unknown>;
}

/** Options for `createCodec`. */
export interface CodecOptions {
  /** Topic the values go to; the subject is `<topic>-value` (TopicNameStrategy). */
  topic: string;
  /**
   * The registry subject, when it is not `<topic>-value`: a second record type on the same topic
   * gets its own subject (TopicRecordNameStrategy, `<topic>-<record name>`), so each schema
   * evolves on its own.
   */
  subject?: string;
  /** The value schema (e.g. `EVENT_ENVELOPE_SCHEMA`). */
  schema: JsonSchemaDocument;
  /** Registry base URL (for Apicurio: `http://host:port/apis/ccompat/v7`). Unset = plain JSON. */
  registryUrl?: string;
  registryAuth?: RegistryAuth;
  /**
   * Compatibility level the client expects on the subject; registration fails with
   * `REGISTRY_REJECTED` if the subject is configured differently. Default `BACKWARD`
   * (set on the subject when this codec registers it first).
   */
  compatibility?: COMPATIBILITY;
  /**
   * Registry mode only: accept unframed plain-JSON records when decoding, so a topic written
   * before the registry was turned on can still be replayed. Default true.
   */
  acceptUnframed?: boolean;
  /** A ready client instead of one built from `registryUrl` (tests, shared clients). */
  registryClient?: RegistryClient;
}

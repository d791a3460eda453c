/**
 * Recovery: move a connector's stored cursor to an event id or to a point in time, for example to
 * re-publish a stretch of history after a downstream incident, or to skip past an event WorkOS no
 * longer serves. A dry run by default; `apply` writes the new cursor through the connector's own
 * transactional id, so a connector still running under that name is fenced (KAFKA_FENCED at its
 * next page: it stands by, then reads the new cursor) instead of racing the reset with a stale
 * position.
 */
import type { Logger } from 'pino';
import type { z } from 'zod';
import { ConnectorError } from '../core/errors.js';
import { configurationError, parseEnv } from '../core/env-config.js';
import { createKafkaClient } from '../core/kafka-client.js';
import { KAFKA_SECURITY_SETTINGS, kafkaSecurityOptions, withKafkaSecurityChecks } from '../core/kafka-security-env.js';
import {
  COMMAND_TIMEOUT_MS,
  KAFKA_BROKERS,
  KAFKA_CLIENT_ID,
  KAFKA_REPLICATION_FACTOR,
  LOG_LEVEL,
  SCHEMA_REGISTRY_URL,
  WORKOS_EVENTS_TOPIC,
} from '../core/settings/common-settings.js';
import { settingsSchema } from '../core/settings/settings-schema.js';
import { parseTimestampMs } from '../core/workos-timestamp.js';
import { createCodec } from '../schemas/codec.js';
import { CURSOR_RECORD_SCHEMA } from '../schemas/cursor-record.js';
import { EVENT_ENVELOPE_SCHEMA } from '../schemas/event-envelope.js';
import { CONNECTOR_NAME, WORKOS_CURSOR_TOPIC, WORKOS_RETENTION_DAYS } from './config.js';
import { cursorAtTime, type CursorRecord } from './cursor-record.js';
import { CursorStore } from './cursor-store.js';
import { transactionalIdFor } from './create-connector.js';
import { TransactionalPublisher } from './publisher.js';

/** Where to move the cursor: after an event (resume with `after=<id>`), or to an instant (resume with `range_start`). */
export type CursorResetTarget =
  | { readonly kind: 'event'; readonly eventId: string; readonly createdAt?: string }
  | { readonly kind: 'time'; readonly at: Date };

/** A parsed command line. */
export interface CursorResetRequest {
  readonly target: CursorResetTarget;
  /** False (the default) prints the plan and writes nothing. */
  readonly apply: boolean;
}

/**
 * The settings the command reads: the connector's own variables for Kafka, the registry, the
 * connector name and topics (same names, same checks, same defaults), and none of WorkOS's,
 * because the command never calls WorkOS. Logs go to stderr at `warn` unless LOG_LEVEL says more.
 */
export const CURSOR_RESET_SETTINGS = [
  KAFKA_BROKERS,
  KAFKA_CLIENT_ID,
  ...KAFKA_SECURITY_SETTINGS,
  SCHEMA_REGISTRY_URL,
  CONNECTOR_NAME,
  WORKOS_EVENTS_TOPIC,
  WORKOS_CURSOR_TOPIC,
  KAFKA_REPLICATION_FACTOR,
  WORKOS_RETENTION_DAYS,
  LOG_LEVEL,
  COMMAND_TIMEOUT_MS,
] as const;

const cursorResetEnvSchema = settingsSchema(CURSOR_RESET_SETTINGS, 'reset-cursor');

/** The validated, frozen configuration of the command. */
export type CursorResetConfig = Readonly<z.output<typeof cursorResetEnvSchema>>;

/** Validates the environment; throws `CONFIG_INVALID` listing every problem. `WORKOS_API_KEY` is not needed. */
export function loadCursorResetConfig(env: Record<string, string | undefined>): CursorResetConfig {
  return parseEnv(withKafkaSecurityChecks(cursorResetEnvSchema), env, 'cursor reset');
}

/** The command's options as the command line gives them (commander declares and splits them). */
export interface CursorResetOptions {
  readonly toEvent?: string;
  readonly toTime?: string;
  readonly createdAt?: string;
  readonly apply?: boolean;
}

const EVENT_ID = /^event_[0-9A-Za-z]+$/;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * The creation time an event id encodes: WorkOS ids are `event_` + a ULID whose first ten
 * characters are the creation time in ms. Null when the id is not a ULID.
 */
export function ulidTimeOf(eventId: string): number | null {
  const ulid = eventId.slice('event_'.length).toUpperCase();
  if (!/^[0-9A-HJKMNP-TV-Z]{26}$/.test(ulid)) return null;
  let ms = 0;
  for (const char of ulid.slice(0, 10)) ms = ms * 32 + CROCKFORD.indexOf(char);
  return ms;
}

/**
 * Checks the options together. Throws `CONFIG_INVALID` listing every problem at once. `nowMs` is
 * the clock a `--to-time` in the future is judged by.
 */
export function cursorResetRequestOf(options: CursorResetOptions, nowMs: number = Date.now()): CursorResetRequest {
  const problems: string[] = [];
  const { toEvent: eventId, toTime: time, createdAt } = options;
  if ((eventId === undefined) === (time === undefined)) problems.push('give exactly one of --to-event or --to-time');
  if (eventId !== undefined && !EVENT_ID.test(eventId)) problems.push(`--to-event must be a WorkOS event id (event_…), got "${eventId}"`);
  if (createdAt !== undefined && eventId === undefined) problems.push('--created-at only goes with --to-event');
  const createdAtMs = createdAt === undefined ? undefined : parseTimestampMs(createdAt);
  if (createdAt !== undefined && createdAtMs === undefined) problems.push(`--created-at must be an ISO-8601 timestamp, got "${createdAt}"`);
  const atMs = time === undefined ? undefined : parseTimestampMs(time);
  if (time !== undefined && atMs === undefined) problems.push(`--to-time must be an ISO-8601 timestamp, got "${time}"`);
  // A cursor in the future would silently skip every event written until then.
  if (atMs !== undefined && atMs > nowMs) problems.push(`--to-time ${time} is in the future`);
  if (problems.length > 0) throw configurationError('reset-cursor arguments', problems);

  const apply = options.apply === true;
  if (eventId !== undefined) {
    const target: CursorResetTarget =
      createdAtMs === undefined ? { kind: 'event', eventId } : { kind: 'event', eventId, createdAt: new Date(createdAtMs).toISOString() };
    return { target, apply };
  }
  return { target: { kind: 'time', at: new Date(atMs as number) }, apply };
}

/** The cursor record the reset writes. */
export function proposedCursor(connectorName: string, target: CursorResetTarget, now: Date = new Date()): CursorRecord {
  if (target.kind === 'time') return cursorAtTime(connectorName, target.at, now);
  const fromId = ulidTimeOf(target.eventId);
  const createdAt = target.createdAt ?? (fromId === null ? null : new Date(fromId).toISOString());
  return { connector: connectorName, event_id: target.eventId, event_created_at: createdAt, written_at: now.toISOString() };
}

/** One line saying where a cursor makes the connector resume. */
export function describeCursor(cursor: CursorRecord | null): string {
  if (cursor === null) return 'none stored (the connector applies WORKOS_START)';
  if (cursor.event_id !== null) return `after ${cursor.event_id} (created ${cursor.event_created_at ?? 'unknown'}), written ${cursor.written_at}`;
  return `from ${cursor.event_created_at ?? 'the configured start'} by time (no event published since), written ${cursor.written_at}`;
}

/** What a run found and did. */
export interface CursorResetResult {
  /** The stored cursor before the run (null when none). */
  readonly previous: CursorRecord | null;
  readonly proposed: CursorRecord;
  readonly applied: boolean;
}

/** What {@link resetCursor} needs besides the configuration. */
export interface CursorResetDeps {
  readonly logger: Logger;
  /** Where the human-readable report goes, one line per call. */
  readonly print: (line: string) => void;
  readonly now?: () => Date;
}

/**
 * Prints the current and proposed cursor; with `apply`, fences any running connector of that
 * name, writes the proposed cursor in a transaction of its own (no events), and reads it back.
 */
export async function resetCursor(config: CursorResetConfig, request: CursorResetRequest, deps: CursorResetDeps): Promise<CursorResetResult> {
  const { logger, print } = deps;
  const name = config.CONNECTOR_NAME;
  const transactionalId = transactionalIdFor(name);
  const kafka = createKafkaClient({
    brokers: config.KAFKA_BROKERS,
    clientId: `${config.KAFKA_CLIENT_ID}.reset-cursor`,
    logger,
    ...kafkaSecurityOptions(config, 'cursor reset'),
  });
  const registryUrl = config.SCHEMA_REGISTRY_URL;
  const topic = config.WORKOS_CURSOR_TOPIC;
  const cursorStore = new CursorStore({
    kafka,
    topic,
    connectorName: name,
    codec: createCodec({ topic, schema: CURSOR_RECORD_SCHEMA, registryUrl }),
    logger,
  });
  const proposed = proposedCursor(name, request.target, deps.now?.() ?? new Date());
  print(`connector "${name}": cursor topic "${topic}", transactional id "${transactionalId}"`);
  warnIfOutsideRetention(proposed, config.WORKOS_RETENTION_DAYS, print);

  const admin = kafka.admin();
  await admin.connect();
  try {
    if (!request.apply) {
      // A dry run must not fence anything, so it reads without registering the transactional id.
      const exists = (await admin.listTopics()).includes(topic);
      const previous = exists ? await cursorStore.readLatest() : null;
      print(`current cursor:  ${describeCursor(previous)}`);
      print(`proposed cursor: ${describeCursor(proposed)}`);
      print('dry run: nothing was written. To apply, run the same command with --apply.');
      print(`Applying fences a connector running as "${name}": KAFKA_FENCED at its next page; it stands by for CONNECTOR_LEASE_SESSION_TIMEOUT_MS, then resumes from the new cursor.`);
      return { previous, proposed, applied: false };
    }
    await cursorStore.ensureTopic(admin, config.KAFKA_REPLICATION_FACTOR);
  } finally {
    await admin.disconnect();
  }

  const publisher = new TransactionalPublisher({
    kafka,
    transactionalId,
    eventsTopic: config.WORKOS_EVENTS_TOPIC,
    cursorTopic: topic,
    cursorStore,
    // Never used: the reset publishes no events.
    eventCodec: createCodec({ topic: config.WORKOS_EVENTS_TOPIC, schema: EVENT_ENVELOPE_SCHEMA, registryUrl }),
    logger,
  });
  let previous: CursorRecord | null;
  let stored: CursorRecord | null;
  try {
    // Registering the transactional id fences a running connector and aborts its open
    // transaction, so the cursor read next is final and nobody else writes after it.
    await publisher.connect();
    previous = await cursorStore.readLatest();
    print(`current cursor:  ${describeCursor(previous)}`);
    print(`new cursor:      ${describeCursor(proposed)}`);
    await publisher.publishPage([], proposed);
    // The broker answers a commit before its markers are written, so a read right after it can
    // still miss it; registering again waits until the transaction is complete.
    await publisher.reconnect();
    stored = await cursorStore.readLatest();
  } finally {
    await publisher.disconnect();
  }
  if (stored?.event_id !== proposed.event_id || stored?.event_created_at !== proposed.event_created_at || stored?.written_at !== proposed.written_at) {
    throw new ConnectorError(`the cursor read back is not the one written (${describeCursor(stored)}): another writer is active`, {
      code: 'CURSOR_INVALID',
      context: { topic },
    });
  }
  print(`applied: the stored cursor is now ${describeCursor(stored)}`);
  print(`A connector that was running as "${name}" has been fenced (KAFKA_FENCED at its next page); it stands by for CONNECTOR_LEASE_SESSION_TIMEOUT_MS, then resumes from the new cursor.`);
  return { previous, proposed, applied: true };
}

function warnIfOutsideRetention(cursor: CursorRecord, retentionDays: number, print: (line: string) => void): void {
  const atMs = parseTimestampMs(cursor.event_created_at);
  if (atMs === undefined || Date.now() - atMs <= retentionDays * 86_400_000) return;
  print(`warning: ${cursor.event_created_at} is more than ${retentionDays} days ago (WORKOS_RETENTION_DAYS); WorkOS may no longer serve what follows it.`);
}

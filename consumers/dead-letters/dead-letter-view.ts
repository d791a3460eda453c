/**
 * A dead letter as an operator sees it (pure): which event, why, after how many attempts, where
 * the group read it, when; and what became of its redrives, told by the redrive topic's records
 * (which dead letter each one is) and the group's committed offsets there.
 */
import { DLQ_HEADERS } from '../runtime/dead-letter.js';
import { originOf, positionText, REDRIVE_HEADERS } from '../runtime/redrive-topic.js';
import type { ConsumedRecord } from '../runtime/record-types.js';

/** One record of `<group>.dlq`, read. */
export interface DeadLetter {
  /** Its place in the dead-letter topic, `<dlq topic>:<partition>:<offset>`: how redrives name it. */
  readonly id: string;
  readonly partition: number;
  readonly offset: string;
  /** The WorkOS event id (header, else the value's `id`); null when neither says. */
  readonly eventId: string | null;
  readonly key: string | null;
  readonly errorCode: string;
  readonly error: string;
  readonly attempts: number | null;
  /** Where the group first read the record, `topic:partition:offset`; null when the headers do not say. */
  readonly origin: string | null;
  /** Where the failing record was read: the origin, or the redrive topic for a redrive that failed again. */
  readonly failedAt: string | null;
  /** When it was dead-lettered (the record's timestamp), ISO-8601. */
  readonly deadLetteredAt: string;
  /** The dead letter this one is a failed redrive of, or null. */
  readonly redriveOf: string | null;
  /** The record itself, for the redrive. */
  readonly record: ConsumedRecord;
}

/** A record of the redrive topic, read: which dead letter it redrives, and when. */
export interface RedriveMark {
  /** The redriven dead letter's id. */
  readonly of: string;
  readonly at: string;
  /** Its own place in the redrive topic. */
  readonly position: string;
  readonly partition: number;
  readonly offset: string;
}

/** What became of a dead letter's last redrive. */
export type RedriveState =
  | { readonly kind: 'not-redriven' }
  /** Redriven; the group has not read it yet (stopped, or behind). */
  | { readonly kind: 'queued'; readonly at: string; readonly redrive: string }
  /** Redriven and handled: applied, or found already applied (the guard, the ledger). */
  | { readonly kind: 'handled'; readonly at: string; readonly redrive: string }
  /** Redriven and dead-lettered again: `deadLetter` is the new one. */
  | { readonly kind: 'failed-again'; readonly at: string; readonly redrive: string; readonly deadLetter: string };

/** A dead letter with what became of its redrives. */
export interface DeadLetterStatus extends DeadLetter {
  readonly state: RedriveState;
  /** How many times it was redriven. */
  readonly redrives: number;
}

/** Reads a dead-letter record. */
export function viewDeadLetter(record: ConsumedRecord): DeadLetter {
  const { headers } = record;
  const attempts = Number(headers[DLQ_HEADERS.attempts]);
  const failedTopic = headers[DLQ_HEADERS.topic];
  const failedPartition = headers[DLQ_HEADERS.partition];
  const failedOffset = headers[DLQ_HEADERS.offset];
  return {
    id: positionText(record),
    partition: record.partition,
    offset: record.offset,
    eventId: eventIdOf(record),
    key: record.key === null ? null : record.key.toString('utf8'),
    errorCode: headers[DLQ_HEADERS.errorCode] ?? 'UNKNOWN',
    error: headers[DLQ_HEADERS.error] ?? '',
    attempts: Number.isInteger(attempts) && attempts > 0 ? attempts : null,
    origin: originOf(record) ?? null,
    failedAt: failedTopic === undefined || failedPartition === undefined || failedOffset === undefined ? null : `${failedTopic}:${failedPartition}:${failedOffset}`,
    deadLetteredAt: isoTime(record.timestamp),
    redriveOf: headers[REDRIVE_HEADERS.redrivenFrom] ?? null,
    record,
  };
}

/** Reads a redrive-topic record; undefined for one that names no dead letter (not written by a redrive). */
export function viewRedriveMark(record: ConsumedRecord): RedriveMark | undefined {
  const of = record.headers[REDRIVE_HEADERS.redrivenFrom];
  if (of === undefined || of === '') return undefined;
  return { of, at: record.headers[REDRIVE_HEADERS.redrivenAt] ?? isoTime(record.timestamp), position: positionText(record), partition: record.partition, offset: record.offset };
}

/**
 * Each dead letter with the state of its last redrive. `committed` holds the group's committed
 * offset per redrive-topic partition (the next record it will read; absent or negative: none).
 */
export function withRedriveStates(letters: readonly DeadLetter[], marks: readonly RedriveMark[], committed: ReadonlyMap<number, string>): DeadLetterStatus[] {
  const byLetter = new Map<string, RedriveMark[]>();
  for (const mark of marks) byLetter.set(mark.of, [...(byLetter.get(mark.of) ?? []), mark]);
  // A redrive that failed again is a new dead letter read from the redrive record's own position.
  const failedAt = new Map(letters.flatMap((letter) => (letter.failedAt === null ? [] : [[letter.failedAt, letter.id] as const])));
  return letters.map((letter) => {
    const mine = byLetter.get(letter.id) ?? [];
    const last = mine.reduce<RedriveMark | undefined>((latest, mark) => (latest === undefined || isAfter(mark, latest) ? mark : latest), undefined);
    return { ...letter, redrives: mine.length, state: last === undefined ? { kind: 'not-redriven' } : stateOf(last, failedAt, committed) };
  });
}

function stateOf(mark: RedriveMark, failedAt: ReadonlyMap<string, string>, committed: ReadonlyMap<number, string>): RedriveState {
  const again = failedAt.get(mark.position);
  if (again !== undefined) return { kind: 'failed-again', at: mark.at, redrive: mark.position, deadLetter: again };
  const next = BigInt(committed.get(mark.partition) ?? '-1');
  return next > BigInt(mark.offset) ? { kind: 'handled', at: mark.at, redrive: mark.position } : { kind: 'queued', at: mark.at, redrive: mark.position };
}

/** Later in the redrive topic: by time, then by position (one partition's offsets are ordered). */
function isAfter(a: RedriveMark, b: RedriveMark): boolean {
  if (a.at !== b.at) return a.at > b.at;
  return a.partition === b.partition ? BigInt(a.offset) > BigInt(b.offset) : a.partition > b.partition;
}

/** Dead letters counted per error code. */
export interface ReasonSummary {
  readonly errorCode: string;
  readonly count: number;
  /** Of which never redriven. */
  readonly notRedriven: number;
  /** The first error text seen with this code. */
  readonly example: string;
}

/** The dead letters per error code, most frequent first. */
export function summarizeByReason(letters: readonly DeadLetterStatus[]): ReasonSummary[] {
  const byCode = new Map<string, { count: number; notRedriven: number; example: string }>();
  for (const letter of letters) {
    const entry = byCode.get(letter.errorCode) ?? { count: 0, notRedriven: 0, example: letter.error };
    entry.count += 1;
    if (letter.state.kind === 'not-redriven') entry.notRedriven += 1;
    byCode.set(letter.errorCode, entry);
  }
  return [...byCode]
    .map(([errorCode, entry]) => ({ errorCode, ...entry }))
    .sort((a, b) => b.count - a.count || a.errorCode.localeCompare(b.errorCode));
}

/** The event id: the connector's header, else the value's `id` (plain JSON, or JSON behind the registry's 5-byte prefix). */
function eventIdOf(record: ConsumedRecord): string | null {
  const header = record.headers['workos-event-id'];
  if (header !== undefined && header !== '') return header;
  const value = record.value;
  if (value === null || value.length === 0) return null;
  const json = value[0] === 0 && value.length > 5 ? value.subarray(5) : value;
  try {
    const parsed: unknown = JSON.parse(json.toString('utf8'));
    const id = typeof parsed === 'object' && parsed !== null ? (parsed as { id?: unknown }).id : undefined;
    return typeof id === 'string' && id !== '' ? id : null;
  } catch {
    return null;
  }
}

function isoTime(timestampMs: string): string {
  const ms = Number(timestampMs);
  return Number.isFinite(ms) && ms >= 0 ? new Date(ms).toISOString() : 'unknown';
}

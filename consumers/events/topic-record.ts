/**
 * What a value on `workos.events` is: a WorkOS event, a snapshot record (an entity as WorkOS's
 * state APIs listed it), or a snapshot scope's completion. A service's handler switches on
 * `kind`; services that only want events skip the other two.
 */
import { ConnectorError } from '../../core/errors.js';
import { isJsonObject } from '../../core/workos-event.js';
import { isSnapshotCompletion, isSnapshotRecord, type SnapshotCompletion, type SnapshotRecord } from '../../schemas/snapshot-record.js';
import { parseWorkosEvent, type ParsedEvent } from './workos-event.js';

export type { SnapshotCompletion, SnapshotEntity, SnapshotRecord } from '../../schemas/snapshot-record.js';

/** A decoded value of the events topic, by kind. */
export type TopicRecord =
  | { readonly kind: 'event'; readonly parsed: ParsedEvent }
  | { readonly kind: 'snapshot'; readonly record: SnapshotRecord }
  | { readonly kind: 'snapshot-completion'; readonly completion: SnapshotCompletion };

/**
 * Tells the kinds apart by the value's `object` field and validates each. Throws non-retriable
 * `INVALID_EVENT` for a value that claims a kind and breaks its schema (the runtime dead-letters it).
 */
export function parseTopicRecord(value: unknown): TopicRecord {
  const object = isJsonObject(value) ? value.object : undefined;
  if (object === 'snapshot_record') {
    if (isSnapshotRecord(value)) return { kind: 'snapshot', record: value };
    throw invalid('snapshot record', value);
  }
  if (object === 'snapshot_completion') {
    if (isSnapshotCompletion(value)) return { kind: 'snapshot-completion', completion: value };
    throw invalid('snapshot completion', value);
  }
  return { kind: 'event', parsed: parseWorkosEvent(value) };
}

function invalid(what: string, value: unknown): ConnectorError {
  return new ConnectorError(`Not a usable ${what}: ${JSON.stringify(value).slice(0, 300)}`, {
    code: 'INVALID_EVENT',
    retriable: false,
    context: { reason: `invalid-${what.replace(' ', '-')}` },
  });
}

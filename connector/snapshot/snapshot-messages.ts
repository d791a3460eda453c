/**
 * The Kafka records of one snapshot step: a record per listed entity, keyed as that entity's
 * events, and the completion of each scope the step closed. An organization's scope lives in its
 * organization's partition, so one completion follows its rows there; an environment-wide scope
 * (organizations, users) is spread over every partition, so a copy of its completion goes to each
 * partition, behind the scope's last row in it.
 */
import type { Message } from 'kafkajs';
import type { SnapshotCompletion, SnapshotRecord } from '../../schemas/snapshot-record.js';
import type { ValueCodec } from '../cursor-store.js';
import { EVENT_HEADERS } from '../event-message.js';
import { snapshotKeyFor } from './snapshot-entities.js';
import type { ClosedScope, SnapshotRow } from './snapshot-plan.js';

/** Headers of snapshot records, besides `workos-record-kind` and `workos-organization-id`. */
export const SNAPSHOT_HEADERS = {
  snapshotId: 'workos-snapshot-id',
  entity: 'workos-entity',
  entityId: 'workos-entity-id',
} as const;

/** The codecs of the two snapshot value schemas. */
export interface SnapshotCodecs {
  readonly record: ValueCodec;
  readonly completion: ValueCodec;
}

/** Which snapshot the records belong to. */
export interface SnapshotIdentity {
  readonly id: string;
  readonly startedAt: string;
}

/** The messages for `rows` and `closed`, in that order. `partitions` is the events topic's partition count. */
export async function snapshotMessages(
  snapshot: SnapshotIdentity,
  rows: readonly SnapshotRow[],
  closed: readonly ClosedScope[],
  partitions: number,
  codecs: SnapshotCodecs,
): Promise<Message[]> {
  const rowMessages = rows.map(async (row): Promise<Message> => {
    const value: SnapshotRecord = {
      object: 'snapshot_record',
      op: 'r',
      snapshot_id: snapshot.id,
      snapshot_started_at: snapshot.startedAt,
      entity: row.entity,
      organization_id: row.organizationId,
      data: row.data,
    };
    const { key, organizationId } = snapshotKeyFor(row.entity, row.data);
    const headers: Record<string, string> = {
      [EVENT_HEADERS.recordKind]: 'snapshot',
      [SNAPSHOT_HEADERS.snapshotId]: snapshot.id,
      [SNAPSHOT_HEADERS.entity]: row.entity,
      [SNAPSHOT_HEADERS.entityId]: String(row.data.id),
    };
    if (organizationId !== null) headers[EVENT_HEADERS.organizationId] = organizationId;
    return { key, value: await codecs.record.encode(value), headers };
  });
  const completionMessages = closed.flatMap((scope) => {
    const copies = scope.organizationId === null ? partitions : 1;
    return Array.from({ length: copies }, async (_, part): Promise<Message> => {
      const value: SnapshotCompletion = {
        object: 'snapshot_completion',
        snapshot_id: snapshot.id,
        snapshot_started_at: snapshot.startedAt,
        entity: scope.entity,
        organization_id: scope.organizationId,
        listed: scope.listed,
        parts: copies,
        part,
      };
      const headers: Record<string, string> = {
        [EVENT_HEADERS.recordKind]: 'snapshot-completion',
        [SNAPSHOT_HEADERS.snapshotId]: snapshot.id,
        [SNAPSHOT_HEADERS.entity]: scope.entity,
      };
      const encoded = await codecs.completion.encode(value);
      if (scope.organizationId === null) return { key: `snapshot:${scope.entity}`, partition: part, value: encoded, headers };
      headers[EVENT_HEADERS.organizationId] = scope.organizationId;
      return { key: scope.organizationId, value: encoded, headers };
    });
  });
  return Promise.all([...rowMessages, ...completionMessages]);
}

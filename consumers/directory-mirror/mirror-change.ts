/**
 * What the pure handler asks the store to do. A change carries everything needed to decide the
 * updated_at guard against the stored row and to write the row: no store lookups in the handler.
 */
import type { MirrorTable } from './mirror-tables.js';

/** Fields every change has. */
interface ChangeBase {
  readonly table: MirrorTable;
  readonly id: string;
  /** Lookup column values (see `MIRROR_TABLES`); missing ones are stored as NULL. */
  readonly columns: Readonly<Record<string, string | null>>;
  /** The object as WorkOS sent it (minus the per-event `previous_attributes`). */
  readonly data: unknown;
  /** The object's `updated_at` in epoch µs, or the event's `created_at` when it has none. */
  readonly versionUs: number;
  readonly eventId: string;
  readonly eventType: string;
}

/** Create or update the row (`*.created`, `*.updated`, `dsync.activated`, an embedded object). */
export interface UpsertChange extends ChangeBase {
  readonly op: 'upsert';
  /** True for `*.created`: the only kind of upsert that may revive a tombstone (with a newer version). */
  readonly create: boolean;
}

/** Leave a tombstone (`*.deleted`, `dsync.group.user_removed`). */
export interface DeleteChange extends ChangeBase {
  readonly op: 'delete';
  /** When the deletion happened, epoch µs: the event's `created_at` (never before `versionUs`). */
  readonly deletedAtUs: number;
}

/** One state change for one row. */
export type MirrorChange = UpsertChange | DeleteChange;

/** Where a record came from; stored with the changes in one transaction. */
export interface ProgressMark {
  /** The consumer group (several groups may share a database). */
  readonly consumer: string;
  readonly topic: string;
  readonly partition: number;
  /** Kafka offset of the record, as kafkajs gives it (a decimal string). */
  readonly offset: string;
  readonly eventId: string;
}

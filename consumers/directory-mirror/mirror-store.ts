/**
 * The directory mirror's store: one interface, one SQL implementation over SQLite or PostgreSQL
 * (`sql-mirror-store.ts`). Applying events' changes and recording the partition's progress
 * happen in one database transaction.
 */
import type { MirrorWrite } from './mirror-batch-plan.js';
import type { MirrorChange, ProgressMark } from './mirror-change.js';
import type { MirrorTable } from './mirror-tables.js';
import type { WriteDecision } from './updated-at-guard.js';

/** A stored row. */
export interface MirrorRow {
  readonly table: MirrorTable;
  readonly id: string;
  /** Lookup columns (`directory_id`, `email`, …), NULL as null. */
  readonly columns: Readonly<Record<string, string | null>>;
  /** The raw WorkOS object. */
  readonly data: Readonly<Record<string, unknown>>;
  /** Version: the object's `updated_at` (or the event's `created_at`), epoch µs. */
  readonly updatedAtUs: number;
  /** Tombstone: when the entity was deleted, epoch µs; null while live. */
  readonly deletedAtUs: number | null;
  readonly lastEventId: string;
  readonly lastEventType: string;
}

/** The guard's verdict for one change. */
export interface AppliedChange {
  readonly table: MirrorTable;
  readonly id: string;
  readonly decision: WriteDecision;
}

/** Rows per table. */
export interface TableCount {
  readonly live: number;
  readonly deleted: number;
}

/** The progress row of one partition. */
export interface StoredProgress extends ProgressMark {
  /** Wall-clock time of the transaction, epoch ms. */
  readonly updatedAtMs: number;
}

/** Read helpers a service can use to query the mirror. Tombstoned rows are hidden unless asked for. */
export interface MirrorReader {
  get(table: MirrorTable, id: string, options?: { includeDeleted?: boolean }): Promise<MirrorRow | undefined>;
  getOrganization(id: string): Promise<MirrorRow | undefined>;
  getDirectory(id: string): Promise<MirrorRow | undefined>;
  getDirectoryUser(id: string): Promise<MirrorRow | undefined>;
  getDirectoryGroup(id: string): Promise<MirrorRow | undefined>;
  getUser(id: string): Promise<MirrorRow | undefined>;
  getOrganizationMembership(id: string): Promise<MirrorRow | undefined>;
  getConnection(id: string): Promise<MirrorRow | undefined>;
  /** Live users of a directory (none once the directory is deleted: WorkOS sends no per-user deletes then). */
  listDirectoryUsers(directoryId: string): Promise<MirrorRow[]>;
  /** Live groups of a directory (none once the directory is deleted). */
  listDirectoryGroups(directoryId: string): Promise<MirrorRow[]>;
  /** Live directory users currently in the group. */
  listGroupMembers(groupId: string): Promise<MirrorRow[]>;
  /** Live groups the directory user currently belongs to. */
  listUserGroups(directoryUserId: string): Promise<MirrorRow[]>;
  /** Live AuthKit users with a live organization membership in the organization (any status). */
  listOrganizationUsers(organizationId: string): Promise<MirrorRow[]>;
  /** Live and tombstoned rows per table. */
  counts(): Promise<Record<MirrorTable, TableCount>>;
  /** Every row of a table including tombstones, ordered by id (audits, rebuild comparisons). */
  exportRows(table: MirrorTable): Promise<MirrorRow[]>;
  /** Progress rows, optionally of one consumer group, ordered by topic and partition. */
  progress(consumer?: string): Promise<StoredProgress[]>;
}

/** The full store: reads plus the transactional writer. */
export interface MirrorStore extends MirrorReader {
  /** Creates tables and indexes if missing. Idempotent; safe with several processes starting. */
  migrate(): Promise<void>;
  /**
   * Applies `changes` under the updated_at guard and, when given, records `progress`, all in one
   * transaction. Returns the guard's verdict per change, in order.
   */
  apply(changes: readonly MirrorChange[], progress?: ProgressMark): Promise<AppliedChange[]>;
  /**
   * Applies several events in one transaction, exactly as if each were `apply`-ed in order (same
   * verdicts, same final rows), recording the last progress mark of each partition. All or
   * nothing. Returns the verdicts per write, in order.
   */
  applyBatch(writes: readonly MirrorWrite[]): Promise<AppliedChange[][]>;
  /** Deletes every row and all progress (the full-rebuild path; replay from earliest next). */
  wipe(): Promise<void>;
  /** Closes the underlying database connection(s). */
  close(): Promise<void>;
}

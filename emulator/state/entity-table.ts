import type { JsonObject } from '../event-types.js';

/** One entity of a state list, live or deleted. */
export interface EntityRecord {
  readonly id: string;
  /** The object in its wire shape (snake_case), as its latest event carried it. */
  readonly item: JsonObject;
  /** `created_at` in epoch ms: the list sort key, ties broken by id. */
  readonly createdAtMs: number;
  /**
   * False once deleted, directly or with its parent. Deleted records stay in the table so a
   * cursor naming one still has a place in the order (lists page by key, not by position).
   */
  readonly live: boolean;
}

/** Ascending list order: `created_at`, then id. */
export function compareListOrder(a: EntityRecord, b: EntityRecord): number {
  if (a.createdAtMs !== b.createdAtMs) return a.createdAtMs - b.createdAtMs;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** The entities of one kind (organizations, directory users, …), keyed by id. */
export class EntityTable {
  private readonly records = new Map<string, EntityRecord>();
  // Lists page through the same table many times between changes, so the sort is kept until one.
  private sorted: EntityRecord[] | null = null;

  /**
   * Stores `item` as the entity's current state (creating it, reviving it, or replacing it).
   * @param fallbackMs sort key when the item's `created_at` does not parse (the event time).
   */
  upsert(item: JsonObject, fallbackMs: number): void {
    const id = item['id'];
    if (typeof id !== 'string' || id.length === 0) return;
    const parsed = typeof item['created_at'] === 'string' ? Date.parse(item['created_at']) : Number.NaN;
    this.records.set(id, { id, item, createdAtMs: Number.isFinite(parsed) ? parsed : fallbackMs, live: true });
    this.sorted = null;
  }

  /** Replaces the stored item of a live entity, keeping its sort key (e.g. a domain change on an organization). */
  patch(id: string, change: (item: JsonObject) => JsonObject): void {
    const record = this.records.get(id);
    if (!record?.live) return;
    this.records.set(id, { ...record, item: change(record.item) });
    this.sorted = null;
  }

  /** Marks the entity deleted; unknown ids are ignored. */
  delete(id: string): void {
    const record = this.records.get(id);
    if (!record?.live) return;
    this.records.set(id, { ...record, live: false });
    this.sorted = null;
  }

  /** The record with this id, deleted or not. */
  get(id: string): EntityRecord | undefined {
    return this.records.get(id);
  }

  /** The live record with this id. */
  getLive(id: string): EntityRecord | undefined {
    const record = this.records.get(id);
    return record?.live ? record : undefined;
  }

  /** Live records passing `accept`, in ascending list order (see {@link compareListOrder}). */
  listed(accept: (item: JsonObject) => boolean = () => true): EntityRecord[] {
    if (this.sorted === null) this.sorted = this.live().sort(compareListOrder);
    return this.sorted.filter((record) => accept(record.item));
  }

  /** Live records passing `accept`, in no particular order (cheaper than {@link listed} while folding). */
  live(accept: (item: JsonObject) => boolean = () => true): EntityRecord[] {
    const out: EntityRecord[] = [];
    for (const record of this.records.values()) if (record.live && accept(record.item)) out.push(record);
    return out;
  }

  /** Forgets everything (the fold restarts when the clock moves backwards). */
  clear(): void {
    this.records.clear();
    this.sorted = null;
  }
}

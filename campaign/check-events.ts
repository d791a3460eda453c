/**
 * The exactly-once check of the events topic against the emulator's ground truth: nothing lost,
 * nothing duplicated, nothing unexpected, per-key order as WorkOS served it, each decoded value
 * equal to the JSON served, and organization events keyed by their organization.
 */
import { isDeepStrictEqual } from 'node:util';
import type { EventStore } from '../emulator/index.js';
import { decodeFramedJson, type ReadRecord } from './read-topic.js';

/** Figures of the check; every count but `expected`/`published`/`keys` must be 0. */
export interface EventsCheck {
  expected: number;
  published: number;
  keys: number;
  lost: number;
  duplicated: number;
  unexpected: number;
  outOfOrder: number;
  valueMismatches: number;
  undecodable: number;
  /** Records whose key is not the organization the emulator says the event belongs to. */
  keyMismatches: number;
  /** Keys found on more than one partition. */
  splitKeys: number;
  /** Records whose `workos-event-id` header is not the value's id. */
  headerMismatches: number;
  /** Registry schema ids used by the records. */
  schemaIds: number[];
  /** A few examples per kind of violation. */
  samples: Record<string, string[]>;
}

/**
 * Compares `records` (the whole topic, partition then offset order) with the events of `store`
 * at the positions in `expected` (the ones the connector was asked for, in API order).
 */
export function checkEvents(store: EventStore, expected: readonly number[], records: readonly ReadRecord[]): EventsCheck {
  const check: EventsCheck = {
    expected: expected.length, published: records.length, keys: 0, lost: 0, duplicated: 0, unexpected: 0, outOfOrder: 0,
    valueMismatches: 0, undecodable: 0, keyMismatches: 0, splitKeys: 0, headerMismatches: 0, schemaIds: [], samples: {},
  };
  const sample = (kind: string, text: string): void => {
    const list = (check.samples[kind] ??= []);
    if (list.length < 5) list.push(text);
  };
  const wanted = new Set(expected);
  const seen = new Map<number, number>();
  const lastPositionByKey = new Map<string, number>();
  const partitionOfKey = new Map<string, number>();
  const schemaIds = new Set<number>();
  for (const record of records) {
    const where = `p${record.partition}@${record.offset}`;
    const decoded = decodeFramedJson(record.value);
    const id = (decoded?.value as { id?: unknown } | undefined)?.id;
    if (decoded === undefined || typeof id !== 'string') {
      check.undecodable += 1;
      sample('undecodable', where);
      continue;
    }
    schemaIds.add(decoded.schemaId);
    const position = store.indexOf(id);
    if (position < 0 || !wanted.has(position)) {
      check.unexpected += 1;
      sample('unexpected', `${id} at ${where}`);
      continue;
    }
    const copies = (seen.get(position) ?? 0) + 1;
    seen.set(position, copies);
    if (copies > 1) {
      check.duplicated += 1;
      sample('duplicated', `${id} at ${where}`);
    }
    if (record.headers['workos-event-id'] !== id) check.headerMismatches += 1;
    if (!isDeepStrictEqual(decoded.value, JSON.parse(store.jsonAt(position)))) {
      check.valueMismatches += 1;
      sample('valueMismatches', `${id} at ${where}`);
    }
    const key = record.key ?? '';
    const organization = store.organizationAt(position);
    if (organization !== null && key !== organization) {
      check.keyMismatches += 1;
      sample('keyMismatches', `${id} (${store.at(position)?.event}) keyed "${key}", organization ${organization}`);
    }
    const partition = partitionOfKey.get(key);
    if (partition === undefined) partitionOfKey.set(key, record.partition);
    else if (partition !== record.partition) {
      check.splitKeys += 1;
      sample('splitKeys', `${key} on p${partition} and p${record.partition}`);
    }
    // Within a key, records must follow API order; a duplicate is counted above, not here.
    const last = lastPositionByKey.get(key);
    if (last !== undefined && position < last && copies === 1) {
      check.outOfOrder += 1;
      sample('outOfOrder', `${id} (API position ${position}) after position ${last} in key ${key}`);
    }
    lastPositionByKey.set(key, Math.max(last ?? -1, position));
  }
  for (const position of expected) {
    if (!seen.has(position)) {
      check.lost += 1;
      sample('lost', `${store.at(position)?.id} (API position ${position})`);
    }
  }
  check.keys = partitionOfKey.size;
  check.schemaIds = [...schemaIds].sort((a, b) => a - b);
  return check;
}

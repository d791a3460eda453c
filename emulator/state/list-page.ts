import { lowerBound } from '../../core/lower-bound.js';
import { validationError } from '../api-errors.js';
import type { ApiError } from '../api-errors.js';
import type { JsonObject } from '../event-types.js';
import { DEFAULT_LIMIT, MAX_LIMIT } from '../list-query.js';
import { compareListOrder } from './entity-table.js';
import type { EntityRecord } from './entity-table.js';
import type { ListBehaviour } from './list-behaviour.js';

/** The pagination part of a state list query. */
export interface PageQuery {
  /** 1–100, default 10. */
  readonly limit: number;
  /** By `created_at`, ties by id; default `desc` (newest first). */
  readonly order: 'asc' | 'desc';
  /** Id of the object the page starts after (exclusive), in `order`. */
  readonly after: string | null;
  /** Id of the object the page ends before (exclusive), in `order`. */
  readonly before: string | null;
}

/** A page, ready to render. */
export interface ListPage {
  readonly items: readonly EntityRecord[];
  /** `list_metadata.before`: the first id when objects precede the page, else null. */
  readonly before: string | null;
  /** `list_metadata.after`: the last id when objects follow the page, else null. */
  readonly after: string | null;
}

type Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ApiError };

/** Parses `limit`, `order`, `after` and `before` with the errors of the common list contract. */
export function parsePageQuery(params: URLSearchParams, behaviour: ListBehaviour): Result<PageQuery> {
  const limitRaw = params.get('limit');
  const limit = limitRaw === null || limitRaw === '' ? DEFAULT_LIMIT : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return fail(validationError('limit', 'limit_out_of_range', `limit must be an integer between 1 and ${MAX_LIMIT}, received: '${limitRaw}'`));
  }
  const orderRaw = params.get('order');
  if (orderRaw !== null && orderRaw !== '' && orderRaw !== 'asc' && orderRaw !== 'desc') {
    return fail(validationError('order', 'invalid_order', `order must be 'asc' or 'desc', received: '${orderRaw}'`));
  }
  const order = orderRaw === 'asc' ? 'asc' : 'desc';
  const after = nonEmpty(params.get('after'));
  let before = nonEmpty(params.get('before'));
  if (after !== null && before !== null) {
    if (behaviour.afterWithBefore === 'reject') return fail(validationError('before', 'mutually_exclusive', 'after and before are mutually exclusive'));
    before = null;
  }
  return { ok: true, value: { limit, order, after, before } };
}

/**
 * One page of `records` (the live objects matching the filters, in ascending list order as
 * `EntityTable.listed` returns them) in the query's order.
 * Cursors are positions in the order, not indexes: `cursorOf` finds the object a cursor names,
 * deleted or not, so paging stays correct while objects come and go between requests.
 * @param cursorOf the record of a cursor id in the list's table (deleted ones included).
 */
export function paginate(records: readonly EntityRecord[], query: PageQuery, cursorOf: (id: string) => EntityRecord | undefined, behaviour: ListBehaviour): Result<ListPage> {
  const sign = query.order === 'asc' ? 1 : -1;
  const sorted = query.order === 'asc' ? records : [...records].reverse();
  const cursorId = query.after ?? query.before;
  if (cursorId === null) return page(sorted, 0, Math.min(query.limit, sorted.length));

  const cursor = cursorOf(cursorId);
  if (cursor === undefined) {
    if (behaviour.unknownCursor === 'error') return fail(invalidCursorError(query.after === null ? 'before' : 'after', cursorId));
    if (behaviour.unknownCursor === 'empty') return page([], 0, 0);
    return page(sorted, 0, Math.min(query.limit, sorted.length));
  }
  if (query.after !== null) {
    const start = lowerBound(sorted.length, (i) => sign * compareListOrder(sorted[i] as EntityRecord, cursor) <= 0);
    return page(sorted, start, Math.min(start + query.limit, sorted.length));
  }
  // `before` pages backwards: the `limit` objects just ahead of the cursor, still in list order.
  const end = lowerBound(sorted.length, (i) => sign * compareListOrder(sorted[i] as EntityRecord, cursor) < 0);
  return page(sorted, Math.max(0, end - query.limit), end);
}

/** The list envelope: `{object:"list", data, list_metadata:{before, after}}`. */
export function renderList(items: readonly JsonObject[], listPage: ListPage): string {
  return JSON.stringify({ object: 'list', data: items, list_metadata: { before: listPage.before, after: listPage.after } });
}

/** 400 for a cursor that names no object of the list. */
export function invalidCursorError(param: 'after' | 'before', id: string): ApiError {
  return { status: 400, body: { code: 'invalid_cursor', message: `The '${param}' cursor '${id}' does not reference an object of this list.` } };
}

function page(sorted: readonly EntityRecord[], from: number, to: number): Result<ListPage> {
  const items = sorted.slice(from, to);
  const first = items[0];
  const last = items[items.length - 1];
  return {
    ok: true,
    value: {
      items,
      before: first !== undefined && from > 0 ? first.id : null,
      after: last !== undefined && to < sorted.length ? last.id : null,
    },
  };
}

function fail<T>(error: ApiError): Result<T> {
  return { ok: false, error };
}

function nonEmpty(value: string | null): string | null {
  return value === null || value === '' ? null : value;
}

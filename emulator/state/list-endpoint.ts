import type { ApiError } from '../api-errors.js';
import type { JsonObject } from '../event-types.js';
import type { EntityRecord, EntityTable } from './entity-table.js';
import type { FoldedWorld } from './folded-world.js';
import type { ListBehaviour } from './list-behaviour.js';

/** What a list's filters see of one request. */
export interface ListRequest {
  readonly world: FoldedWorld;
  readonly params: URLSearchParams;
  /** The `:id` path segment of per-directory routes, decoded; `null` on the others. */
  readonly pathId: string | null;
  readonly behaviour: ListBehaviour;
}

/** The objects a request lists, before pagination. */
export interface ListSelection {
  /** Live records that pass the filters, in ascending list order (`EntityTable.listed`). */
  readonly records: readonly EntityRecord[];
  /** The wire object of a record; by default the stored item. */
  readonly render?: (record: EntityRecord) => JsonObject;
}

/** Either a selection or the error to answer instead (a missing filter, an unknown directory). */
export type SelectResult = { readonly ok: true; readonly selection: ListSelection } | { readonly ok: false; readonly error: ApiError };

/** One emulated `GET` list endpoint of the WorkOS state APIs. */
export interface StateListEndpoint {
  /** Route template, also the label in request statistics, e.g. `/directories/:id/users`. */
  readonly route: string;
  /** The table whose ids `after`/`before` name. */
  table(world: FoldedWorld): EntityTable;
  /** Applies the endpoint's filters. */
  select(request: ListRequest): SelectResult;
  /** The directory whose directory-user rate limit a request counts against, if any. */
  rateLimitKey?(request: ListRequest): string | null;
}

/** A successful selection. */
export function selected(records: readonly EntityRecord[], render?: (record: EntityRecord) => JsonObject): SelectResult {
  return { ok: true, selection: render === undefined ? { records } : { records, render } };
}

/** 422 for a list called without any of the filters it requires (one of `fields` must be given). */
export function missingFilterError(fields: readonly [string, string]): ApiError {
  const [first, second] = fields;
  return {
    status: 422,
    body: {
      code: 'invalid_request_parameters',
      message: `One of '${first}' or '${second}' is required.`,
      errors: [{ field: first, code: `${first}_or_${second}_required` }],
    },
  };
}

/** 404 for a per-directory route whose directory does not exist (or was deleted). */
export function directoryNotFoundError(id: string): ApiError {
  return { status: 404, body: { code: 'entity_not_found', message: `Directory not found: '${id}'.`, entity_id: id } };
}

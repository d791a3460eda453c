import { invalidEventsError, validationError } from './api-errors.js';
import type { ApiError } from './api-errors.js';
import type { EmulatorBehaviour } from './behaviour.js';

/** The `GET /events` query after parsing and validation. */
export interface ListQuery {
  /** Event names to keep, or `null` for every type. */
  readonly events: ReadonlySet<string> | null;
  /** Page size, 1–100. */
  readonly limit: number;
  /** Exclusive cursor (event id), or `null`. */
  readonly after: string | null;
  /** Inclusive lower bound on `created_at` in epoch ms, or `null`. */
  readonly rangeStartMs: number | null;
  /** Inclusive upper bound on `created_at` in epoch ms, or `null`. */
  readonly rangeEndMs: number | null;
  /** Keep only events of this organization, or `null`. */
  readonly organizationId: string | null;
}

/** Either a query or the error response to send instead. */
export type ParseListQueryResult = { readonly ok: true; readonly query: ListQuery } | { readonly ok: false; readonly error: ApiError };

/** Default page size when `limit` is absent (reference §1). */
export const DEFAULT_LIMIT = 10;
/** Largest accepted `limit`. */
export const MAX_LIMIT = 100;

const ISO_8601 = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * Parses the query string of `GET /events`. Unknown parameters (including `before`) are ignored;
 * `order` is accepted and ignored because the stream is always oldest-first.
 * @param params the request's search params.
 * @param behaviour current emulator behaviour.
 * @param nowMs emulator clock, for the open-ended range check.
 */
export function parseListQuery(params: URLSearchParams, behaviour: EmulatorBehaviour, nowMs: number): ParseListQueryResult {
  const fail = (error: ApiError): ParseListQueryResult => ({ ok: false, error });

  // The Node SDK sends `events=a,b`; other SDKs repeat the key; Rust and workos/emulate use `events[]`.
  const names = [...params.getAll('events'), ...params.getAll('events[]')]
    .flatMap((value) => value.split(','))
    .map((name) => name.trim())
    .filter((name) => name.length > 0);
  const unknown = names.find((name) => !behaviour.knownEventNames.has(name));
  if (unknown !== undefined) return fail(invalidEventsError(unknown));
  if (names.length === 0 && behaviour.requireEvents) return fail(invalidEventsError(params.get('events') ?? ''));

  const limitRaw = params.get('limit');
  const limit = limitRaw === null || limitRaw === '' ? DEFAULT_LIMIT : Number(limitRaw);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    return fail(validationError('limit', 'limit_out_of_range', `limit must be an integer between 1 and ${MAX_LIMIT}, received: '${limitRaw}'`));
  }

  const start = parseTime(params.get('range_start'));
  const end = parseTime(params.get('range_end'));
  if (start === 'invalid') return fail(validationError('range_start', 'invalid_date', 'range_start must be an ISO-8601 date'));
  if (end === 'invalid') return fail(validationError('range_end', 'invalid_date', 'range_end must be an ISO-8601 date'));

  const after = nonEmpty(params.get('after'));
  let rangeStartMs = start;
  if (after !== null && rangeStartMs !== null) {
    if (behaviour.afterWithRangeStart === 'reject') {
      return fail(validationError('range_start', 'mutually_exclusive', 'after and range_start are mutually exclusive'));
    }
    rangeStartMs = null;
  }
  if (after !== null && end !== null && behaviour.afterWithRangeEnd === 'reject') {
    return fail(validationError('range_end', 'mutually_exclusive', 'after and range_end are mutually exclusive'));
  }
  if (rangeStartMs !== null && end !== null) {
    if (end < rangeStartMs) return fail(validationError('range_end', 'range_end_before_range_start', 'range_end must not be before range_start'));
    if (end - rangeStartMs > behaviour.maxRangeMs) return fail(rangeTooWide(behaviour));
  } else if (rangeStartMs !== null && behaviour.openEndedRange === 'reject' && nowMs - rangeStartMs > behaviour.maxRangeMs) {
    return fail(rangeTooWide(behaviour));
  }

  return {
    ok: true,
    query: {
      events: names.length === 0 ? null : new Set(names),
      limit,
      after,
      rangeStartMs,
      rangeEndMs: end,
      organizationId: nonEmpty(params.get('organization_id')),
    },
  };
}

function rangeTooWide(behaviour: EmulatorBehaviour): ApiError {
  const days = Math.round(behaviour.maxRangeMs / 86_400_000);
  return validationError('range_start', 'range_too_wide', `The date range may span at most ${days} days`);
}

function parseTime(value: string | null): number | null | 'invalid' {
  if (value === null || value === '') return null;
  if (!ISO_8601.test(value)) return 'invalid';
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : 'invalid';
}

function nonEmpty(value: string | null): string | null {
  return value === null || value === '' ? null : value;
}

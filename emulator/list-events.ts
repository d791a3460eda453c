import { invalidAfterError } from './api-errors.js';
import type { ApiError } from './api-errors.js';
import type { EmulatorBehaviour } from './behaviour.js';
import type { EventStore } from './event-store.js';
import type { ListQuery } from './list-query.js';

/** A served page: the JSON body, ready to send, and the ids it contains. */
export interface ListPage {
  readonly body: string;
  readonly ids: readonly string[];
  /** Value written to `list_metadata.after`. */
  readonly after: string | null;
}

/** Either a page or the error response to send instead. */
export type ListEventsResult = { readonly ok: true; readonly page: ListPage } | { readonly ok: false; readonly error: ApiError };

/**
 * Runs a parsed query against the store: oldest-first, within retention, not in the future.
 * `list_metadata.after` is the last id when more matching events remain, else `null` (unless
 * `alwaysReturnLastId`).
 * @param nowMs emulator clock in epoch ms.
 */
export function listEvents(store: EventStore, query: ListQuery, behaviour: EmulatorBehaviour, nowMs: number): ListEventsResult {
  const retentionStart = store.firstIndexAtOrAfter(nowMs - behaviour.retentionMs);
  let from = retentionStart;
  if (query.after !== null) {
    const index = store.indexOf(query.after);
    if (index >= retentionStart) {
      from = index + 1;
    } else if (behaviour.unknownAfter === 'error') {
      return { ok: false, error: invalidAfterError(query.after) };
    } else if (behaviour.unknownAfter === 'empty') {
      return { ok: true, page: render([], null) };
    } else {
      from = Math.max(retentionStart, store.firstIndexWithIdAfter(query.after));
    }
  }
  if (query.rangeStartMs !== null) from = Math.max(from, store.firstIndexAtOrAfter(query.rangeStartMs));

  let to = store.size;
  if (query.rangeEndMs !== null) to = Math.min(to, store.firstIndexAfter(query.rangeEndMs));
  if (behaviour.hideFutureEvents) to = Math.min(to, store.firstIndexAfter(nowMs));

  const matched: number[] = [];
  let more = false;
  for (let i = from; i < to; i += 1) {
    const event = store.at(i);
    if (event === undefined) break;
    if (query.events !== null && !query.events.has(event.event)) continue;
    if (query.organizationId !== null && store.organizationAt(i) !== query.organizationId) continue;
    if (matched.length === query.limit) {
      more = true;
      break;
    }
    matched.push(i);
  }

  const ids = matched.map((i) => store.at(i)?.id ?? '');
  const last = ids.length === 0 ? null : (ids[ids.length - 1] as string);
  const after = more || behaviour.alwaysReturnLastId ? last : null;
  return { ok: true, page: { ...render(matched.map((i) => store.jsonAt(i)), after), ids } };
}

function render(jsonEvents: readonly string[], after: string | null): ListPage {
  const body = `{"object":"list","data":[${jsonEvents.join(',')}],"list_metadata":{"after":${JSON.stringify(after)}}}`;
  return { body, ids: [], after };
}

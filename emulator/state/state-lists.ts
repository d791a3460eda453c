import { METHOD_NOT_ALLOWED, RATE_LIMITED, UNAUTHORIZED } from '../api-errors.js';
import type { ApiError } from '../api-errors.js';
import type { EmulatorBehaviour } from '../behaviour.js';
import { isAuthorizedBearer } from '../bearer-auth.js';
import type { Clock } from '../clock.js';
import type { EventStore } from '../event-store.js';
import { jsonResponse } from '../http-responses.js';
import type { PlannedResponse } from '../http-responses.js';
import type { FoldedWorld } from './folded-world.js';
import type { ListBehaviour } from './list-behaviour.js';
import { paginate, parsePageQuery, renderList } from './list-page.js';
import { matchStateList } from './list-routes.js';
import { PerKeyRateLimit } from './per-key-rate-limit.js';
import { StateFold } from './state-fold.js';

/** What the state lists need from the emulator. */
export interface StateListsDeps {
  readonly store: EventStore;
  readonly clock: Clock;
  readonly apiKey: string;
  /** The live `/events` behaviour: its `hideFutureEvents` also decides which events have happened. */
  readonly eventsBehaviour: EmulatorBehaviour;
  /** The live list behaviour. */
  readonly behaviour: ListBehaviour;
}

/** A response plus the ids it lists (for the request log). */
export interface StateListResult {
  readonly response: PlannedResponse;
  readonly ids: readonly string[];
}

/**
 * The WorkOS state list endpoints (organizations, directories, directory users and groups, users,
 * memberships, connections), consistent with the event stream: each lists the fold of every event
 * that has happened by the emulator clock, whether or not `/events` still serves it.
 */
export class StateLists {
  private readonly fold: StateFold;
  private readonly directoryUserLimit = new PerKeyRateLimit();

  constructor(private readonly deps: StateListsDeps) {
    this.fold = new StateFold(deps.store);
  }

  /** The listed state now: every event up to the emulator clock (or all of them, if future events are served). */
  world(): FoldedWorld {
    const { store, clock, eventsBehaviour } = this.deps;
    return this.fold.upTo(eventsBehaviour.hideFutureEvents ? store.firstIndexAfter(clock.now()) : store.size);
  }

  /**
   * Answers a request when `url` is a state list route; `null` otherwise. Order of checks: method,
   * key, rate limit, query, filters, as a gateway in front of the API would.
   */
  serve(method: string, authorization: string | undefined, url: URL): StateListResult | null {
    const route = matchStateList(url.pathname);
    if (route === null) return null;
    if (method !== 'GET') return errorResult(METHOD_NOT_ALLOWED);
    if (!isAuthorizedBearer(authorization, this.deps.apiKey)) return errorResult(UNAUTHORIZED);
    const behaviour = this.deps.behaviour;
    const request = { world: this.world(), params: url.searchParams, pathId: route.pathId, behaviour };

    const limitKey = route.endpoint.rateLimitKey?.(request) ?? null;
    if (limitKey !== null && behaviour.directoryUserRequestsPerSecond !== null) {
      const waitSeconds = this.directoryUserLimit.take(limitKey, behaviour.directoryUserRequestsPerSecond);
      if (waitSeconds !== null) return errorResult(RATE_LIMITED, { 'Retry-After': String(waitSeconds) });
    }

    const query = parsePageQuery(url.searchParams, behaviour);
    if (!query.ok) return errorResult(query.error);
    const selection = route.endpoint.select(request);
    if (!selection.ok) return errorResult(selection.error);
    const table = route.endpoint.table(request.world);
    const page = paginate(selection.selection.records, query.value, (id) => table.get(id), behaviour);
    if (!page.ok) return errorResult(page.error);
    const render = selection.selection.render ?? ((record) => record.item);
    const body = renderList(page.value.items.map(render), page.value);
    return { response: jsonResponse(200, body), ids: page.value.items.map((r) => r.id) };
  }
}

function errorResult(error: ApiError, headers?: Record<string, string>): StateListResult {
  return { response: jsonResponse(error.status, error.body, headers), ids: [] };
}

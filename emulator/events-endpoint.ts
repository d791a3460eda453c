import { METHOD_NOT_ALLOWED, UNAUTHORIZED } from './api-errors.js';
import type { EmulatorBehaviour } from './behaviour.js';
import type { Clock } from './clock.js';
import type { EventStore } from './event-store.js';
import { jsonResponse } from './http-responses.js';
import type { PlannedResponse } from './http-responses.js';
import { listEvents } from './list-events.js';
import { parseListQuery } from './list-query.js';

/** What the `/events` endpoint needs from the emulator. */
export interface EventsEndpointDeps {
  readonly store: EventStore;
  readonly behaviour: EmulatorBehaviour;
  readonly clock: Clock;
  readonly apiKey: string;
}

/** A response plus the ids it serves (for the request log). */
export interface EndpointResult {
  readonly response: PlannedResponse;
  readonly ids: readonly string[];
}

/**
 * `GET /events`: bearer auth, then query validation, then the page. Auth comes first, as on any
 * real API gateway, so a bad key never leaks validation details.
 */
export function serveEvents(deps: EventsEndpointDeps, method: string, authorization: string | undefined, params: URLSearchParams): EndpointResult {
  if (method !== 'GET') return errorResult(METHOD_NOT_ALLOWED);
  if (!isAuthorized(authorization, deps.apiKey)) return errorResult(UNAUTHORIZED);
  const now = deps.clock.now();
  const parsed = parseListQuery(params, deps.behaviour, now);
  if (!parsed.ok) return errorResult(parsed.error);
  const listed = listEvents(deps.store, parsed.query, deps.behaviour, now);
  if (!listed.ok) return errorResult(listed.error);
  return { response: jsonResponse(200, listed.page.body), ids: listed.page.ids };
}

function isAuthorized(header: string | undefined, apiKey: string): boolean {
  if (header === undefined) return false;
  const match = /^Bearer\s+(.+)$/i.exec(header.trim());
  return match !== null && match[1] === apiKey;
}

function errorResult(error: { status: number; body: unknown }): EndpointResult {
  return { response: jsonResponse(error.status, error.body), ids: [] };
}

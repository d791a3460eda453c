import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NOT_FOUND, RATE_LIMITED } from './api-errors.js';
import { resolveBehaviour } from './behaviour.js';
import type { EmulatorBehaviour, EmulatorBehaviourOptions } from './behaviour.js';
import { systemClock } from './clock.js';
import type { Clock } from './clock.js';
import { endpointLabel } from './endpoint-label.js';
import { EventStore } from './event-store.js';
import { serveEvents } from './events-endpoint.js';
import type { EndpointResult } from './events-endpoint.js';
import { FaultController } from './faults.js';
import type { Fault } from './faults.js';
import { jsonResponse, proxyErrorPage, writeResponse } from './http-responses.js';
import type { PlannedResponse } from './http-responses.js';
import { RequestStats } from './request-stats.js';
import type { RequestOutcome } from './request-stats.js';
import { resolveListBehaviour } from './state/list-behaviour.js';
import type { ListBehaviour, ListBehaviourOptions } from './state/list-behaviour.js';
import { StateLists } from './state/state-lists.js';

/** Options for {@link createWorkosEmulator}. */
export interface WorkosEmulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  readonly port?: number;
  /** Interface to bind. Default `127.0.0.1`. */
  readonly hostname?: string;
  /** The only accepted bearer token. Default `sk_test_emulator`. */
  readonly apiKey?: string;
  /** Emulator time for retention, ranges and default `created_at`. Default: the wall clock. */
  readonly clock?: Clock;
  /** An existing store to serve; by default a new one with the same seed and clock. */
  readonly store?: EventStore;
  /** Seed for event-id entropy (new store only) and random faults. Default 1. */
  readonly seed?: number;
  /** Behaviour switches (see {@link EmulatorBehaviour}); defaults in `DEFAULT_BEHAVIOUR`. */
  readonly behaviour?: EmulatorBehaviourOptions;
  /** Behaviour switches of the state list endpoints; defaults in `DEFAULT_LIST_BEHAVIOUR`. */
  readonly listBehaviour?: ListBehaviourOptions;
}

/** A running emulator. */
export interface WorkosEmulator {
  /** Bound port. */
  readonly port: number;
  /** Bound hostname, e.g. `127.0.0.1`. */
  readonly hostname: string;
  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  readonly url: string;
  /** The API key the emulator accepts. */
  readonly apiKey: string;
  /** Options for `new WorkOS(apiKey, sdkOptions)` that point the real SDK here. */
  readonly sdkOptions: { readonly apiHostname: string; readonly port: number; readonly https: false };
  /** The event log being served (append to it at any time). */
  readonly store: EventStore;
  /** Live behaviour switches; mutate between requests. */
  readonly behaviour: EmulatorBehaviour;
  /** Live behaviour switches of the state list endpoints; mutate between requests. */
  readonly listBehaviour: ListBehaviour;
  /** The state list endpoints (`/organizations`, `/directory_users`, …) and the world they list. */
  readonly lists: StateLists;
  /** Fault injection. */
  readonly faults: FaultController;
  /** Request counters and log. */
  readonly stats: RequestStats;
  /** The emulator clock. */
  readonly clock: Clock;
  /** Stops listening and drops every open connection, including hung requests. */
  close(): Promise<void>;
}

/**
 * Starts an HTTP server that emulates `GET /events` of the WorkOS API and the state list
 * endpoints that agree with it.
 * @example
 * const emu = await createWorkosEmulator({ clock });
 * const workos = new WorkOS(emu.apiKey, emu.sdkOptions);
 */
export async function createWorkosEmulator(options: WorkosEmulatorOptions = {}): Promise<WorkosEmulator> {
  const clock = options.clock ?? systemClock;
  const seed = options.seed ?? 1;
  const store = options.store ?? new EventStore({ seed, clock });
  const behaviour = resolveBehaviour(options.behaviour);
  const faults = new FaultController(seed);
  const stats = new RequestStats();
  const apiKey = options.apiKey ?? 'sk_test_emulator';
  const deps = { store, behaviour, clock, apiKey };
  const listBehaviour = resolveListBehaviour(options.listBehaviour);
  const lists = new StateLists({ store, clock, apiKey, eventsBehaviour: behaviour, behaviour: listBehaviour });

  const route = (req: IncomingMessage): EndpointResult => {
    const url = new URL(req.url ?? '/', 'http://emulator.invalid');
    if (url.pathname === '/events' || url.pathname === '/events/') {
      return serveEvents(deps, req.method ?? 'GET', req.headers.authorization, url.searchParams);
    }
    const listed = lists.serve(req.method ?? 'GET', req.headers.authorization, url);
    if (listed !== null) return listed;
    return { response: jsonResponse(NOT_FOUND.status, NOT_FOUND.body), ids: [] };
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = `req_${randomUUID().replaceAll('-', '')}`;
    const log = (outcome: RequestOutcome, ids: readonly string[] = []): void =>
      stats.record({ method: req.method ?? 'GET', url: req.url ?? '/', outcome, requestId, ids, endpoint: endpointLabel(req.url ?? '/') });
    const { fault, latencyMs } = faults.take();
    if (latencyMs > 0) await sleep(latencyMs);
    if (fault?.type === 'delay') await sleep(fault.ms);
    if (req.socket.destroyed) return log('aborted'); // The client timed out while we were slow.
    if (fault?.type === 'hang') return log('hang'); // The response stays open until the client or close() ends it.
    if (fault?.type === 'reset') {
      req.socket.destroy();
      return log('reset');
    }
    const injected = fault === null ? null : faultResponse(fault, clock.now());
    const result = injected === null ? route(req) : { response: injected, ids: [] };
    const response = fault?.type === 'truncate' ? truncate(result.response) : result.response;
    writeResponse(res, response, requestId);
    log(response.status, fault?.type === 'truncate' ? [] : result.ids);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      writeResponse(res, jsonResponse(500, { message: `emulator error: ${String(error)}` }), 'req_error');
    });
  });
  const hostname = options.hostname ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, hostname, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    port,
    hostname,
    url: `http://${hostname}:${port}`,
    apiKey,
    sdkOptions: { apiHostname: hostname, port, https: false },
    store,
    behaviour,
    listBehaviour,
    lists,
    faults,
    stats,
    clock,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeAllConnections();
      }),
  };
}

/** The response an injected fault replaces the real one with; `null` when it serves normally. */
function faultResponse(fault: Fault, nowMs: number): PlannedResponse | null {
  if (fault.type === 'rate-limit') {
    const retryAfter = fault.retryAfter === undefined ? 1 : fault.retryAfter;
    const header =
      retryAfter === null ? undefined : retryAfter === 'http-date' ? new Date(nowMs + 1000).toUTCString() : String(retryAfter);
    return jsonResponse(RATE_LIMITED.status, RATE_LIMITED.body, header === undefined ? undefined : { 'Retry-After': header });
  }
  if (fault.type === 'server-error') {
    const status = fault.status ?? 500;
    return fault.body === 'json' ? jsonResponse(status, { message: 'Internal Server Error' }) : proxyErrorPage(status);
  }
  return null;
}

/** Keeps status and JSON content type but cuts the body in half, as a dropped upstream would. */
function truncate(response: PlannedResponse): PlannedResponse {
  return { ...response, body: response.body.slice(0, Math.max(1, Math.floor(response.body.length / 2))) };
}

function sleep(ms: number): Promise<void> {
  // unref: a pending injected delay must not keep a test process alive after close().
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

import { WorkOS } from '@workos-inc/node';
import type { EventName } from '@workos-inc/node';
import { createManualClock } from '../../../emulator/clock.js';
import type { ManualClock } from '../../../emulator/clock.js';
import type { EmulatorBehaviourOptions } from '../../../emulator/behaviour.js';
import { SDK_EVENT_NAMES } from '../../../emulator/event-names.js';
import type { EventInput, WorkosEvent } from '../../../emulator/event-types.js';
import { createWorkosEmulator } from '../../../emulator/server.js';
import type { WorkosEmulator } from '../../../emulator/server.js';
import { createWorldGenerator } from '../../../emulator/world/world-generator.js';
import type { WorldGenerator } from '../../../emulator/world/world-generator.js';

/** Frozen "now" of every contract fixture, so retention and ranges are reproducible. */
export const NOW = Date.parse('2025-06-01T00:00:00.000Z');
/** One day in ms. */
export const DAY_MS = 86_400_000;
/** All 136 SDK event names, typed for `listEvents`. */
export const ALL_SDK_EVENTS = SDK_EVENT_NAMES as readonly EventName[] as EventName[];

/** The raw wire shape of a list page. */
export interface RawList {
  object: 'list';
  data: WorkosEvent[];
  list_metadata: { after: string | null };
}

/** A running emulator with a seeded world, its clock and an SDK client pointed at it. */
export interface Fixture {
  readonly emulator: WorkosEmulator;
  readonly clock: ManualClock;
  readonly workos: WorkOS;
  readonly generator: WorldGenerator;
  /** Ground truth: every stored event in order. */
  readonly truth: () => readonly WorkosEvent[];
  close(): Promise<void>;
}

/** Options of {@link startFixture}. */
export interface FixtureOptions {
  readonly seed?: number;
  /** World size; spread over the three days before {@link NOW}. Default 1,000. */
  readonly events?: number;
  readonly organizations?: number;
  /** Explicit events instead of a generated world. */
  readonly inputs?: readonly EventInput[];
  readonly behaviour?: EmulatorBehaviourOptions;
  /** SDK request timeout in ms. Default 5,000 (tests must never wait the SDK's 60 s). */
  readonly timeoutMs?: number;
}

/** Starts an emulator on a free port with a manual clock at {@link NOW}. */
export async function startFixture(options: FixtureOptions = {}): Promise<Fixture> {
  const clock = createManualClock(NOW);
  const seed = options.seed ?? 1;
  const emulator = await createWorkosEmulator({ clock, seed, ...(options.behaviour ? { behaviour: options.behaviour } : {}) });
  const generator = createWorldGenerator({ seed, organizations: options.organizations ?? 20 });
  emulator.store.appendMany(options.inputs ?? generator.generate(options.events ?? 1000, NOW - 3 * DAY_MS, NOW));
  return {
    emulator,
    clock,
    workos: sdkClient(emulator, options.timeoutMs ?? 5000),
    generator,
    truth: () => emulator.store.all(),
    close: () => emulator.close(),
  };
}

/**
 * A real SDK client for the emulator, exactly as the SDK behaves except for its own retries: SDK
 * 12 retries 408/429/5xx and network failures 3 times by default, which would turn each scheduled
 * one-shot fault into a success and hide what the SDK throws. The connector turns them off too.
 */
export function sdkClient(emulator: WorkosEmulator, timeoutMs = 5000, apiKey = emulator.apiKey): WorkOS {
  return new WorkOS(apiKey, { ...emulator.sdkOptions, timeout: timeoutMs, maxRetries: 0 });
}

/** Plain fetch against the emulator (for encodings and headers the SDK never produces). */
export async function rawFetch(emulator: WorkosEmulator, pathAndQuery: string, apiKey: string | null = emulator.apiKey) {
  const res = await fetch(`${emulator.url}${pathAndQuery}`, { headers: apiKey === null ? {} : { Authorization: `Bearer ${apiKey}` } });
  const text = await res.text();
  return { status: res.status, headers: res.headers, text, json: () => JSON.parse(text) as Record<string, unknown> };
}

/**
 * Pages through `/events` with the raw SDK call, following `list_metadata.after` until null.
 * `range_start` goes on the first request only: with `after` it is rejected (mutually exclusive).
 */
export async function drainRaw(workos: WorkOS, query: Record<string, unknown>): Promise<{ events: WorkosEvent[]; pages: number }> {
  const events: WorkosEvent[] = [];
  const { range_start: rangeStart, ...rest } = query;
  let after: string | null = null;
  let pages = 0;
  do {
    const pageQuery: Record<string, unknown> = after === null ? { ...rest, range_start: rangeStart } : { ...rest, after };
    const response: { data: RawList } = await workos.get<RawList>('/events', { query: pageQuery });
    const data = response.data;
    events.push(...data.data);
    after = data.list_metadata.after;
    pages += 1;
  } while (after !== null && pages < 10_000);
  return { events, pages };
}

/** The rejection of `promise`, failing the test if it resolves. */
export async function rejectionOf(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail, but it succeeded');
}

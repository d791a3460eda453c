import { WorkOS } from '@workos-inc/node';
import { createManualClock } from '../../../emulator/clock.js';
import type { ManualClock } from '../../../emulator/clock.js';
import type { EmulatorBehaviourOptions } from '../../../emulator/behaviour.js';
import type { EventInput, JsonObject, WorkosEvent } from '../../../emulator/event-types.js';
import { createWorkosEmulator } from '../../../emulator/server.js';
import type { WorkosEmulator } from '../../../emulator/server.js';
import type { ListBehaviourOptions } from '../../../emulator/state/list-behaviour.js';
import { createWorldGenerator } from '../../../emulator/world/world-generator.js';
import type { SettlableWorldGenerator } from '../../../emulator/world/world-generator.js';
import { generateHistory } from '../../../emulator/world/world-history.js';
import { NOW } from './emulator-fixture.js';

/** An emulator serving a settled world, and an SDK client that never retries on its own. */
export interface StateFixture {
  readonly emulator: WorkosEmulator;
  readonly clock: ManualClock;
  readonly workos: WorkOS;
  readonly generator: SettlableWorldGenerator;
  /** Every stored event, expired ones included. */
  readonly truth: () => readonly WorkosEvent[];
  close(): Promise<void>;
}

/** Options of {@link startStateFixture}. */
export interface StateFixtureOptions {
  readonly seed?: number;
  /** Events spread over the history. Default 2,000. */
  readonly events?: number;
  /** Days of history before NOW. Default 3 (all inside the 30-day retention). */
  readonly historyDays?: number;
  readonly organizations?: number;
  /** Weight overrides of the world's actions (see WORLD_ACTIONS). */
  readonly mix?: Readonly<Record<string, number>>;
  /** Explicit events instead of a generated world. */
  readonly inputs?: readonly EventInput[];
  readonly behaviour?: EmulatorBehaviourOptions;
  readonly listBehaviour?: ListBehaviourOptions;
}

/** Starts an emulator at NOW with a settled generated world (or the given events). */
export async function startStateFixture(options: StateFixtureOptions = {}): Promise<StateFixture> {
  const clock = createManualClock(NOW);
  const seed = options.seed ?? 1;
  const emulator = await createWorkosEmulator({
    clock,
    seed,
    ...(options.behaviour ? { behaviour: options.behaviour } : {}),
    ...(options.listBehaviour ? { listBehaviour: options.listBehaviour } : {}),
  });
  const generator = createWorldGenerator({ seed, organizations: options.organizations ?? 12, ...(options.mix ? { mix: options.mix } : {}) });
  emulator.store.appendMany(options.inputs ?? generateHistory(generator, { events: options.events ?? 2000, historyDays: options.historyDays ?? 3, end: NOW }));
  return { emulator, clock, workos: noRetryClient(emulator), generator, truth: () => emulator.store.all(), close: () => emulator.close() };
}

/**
 * A real SDK client for the emulator with the SDK's own retries off (v12 retries 429 and 5xx
 * three times by default), so each call is exactly one request and faults surface as errors.
 */
export function noRetryClient(emulator: WorkosEmulator, apiKey = emulator.apiKey): WorkOS {
  return new WorkOS(apiKey, { ...emulator.sdkOptions, timeout: 5000, maxRetries: 0 });
}

/** The raw wire shape of a state list page. */
export interface RawStateList {
  object: 'list';
  data: JsonObject[];
  list_metadata: { before: string | null; after: string | null };
}

/** Pages through a state list with the raw SDK call (limit 100, following `list_metadata.after`). */
export async function drainList(workos: WorkOS, path: string, query: Record<string, unknown> = {}): Promise<{ items: JsonObject[]; pages: number }> {
  const items: JsonObject[] = [];
  let after: string | null = null;
  let pages = 0;
  do {
    const response: { data: RawStateList } = await workos.get<RawStateList>(path, { query: { limit: 100, ...query, ...(after === null ? {} : { after }) } });
    items.push(...response.data.data);
    after = response.data.list_metadata.after;
    pages += 1;
  } while (after !== null && pages < 1000);
  return { items, pages };
}

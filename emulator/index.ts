/**
 * WorkOS Events API emulator: an HTTP server for `GET /events` and the state list endpoints that
 * agree with it, its event store, a seeded world generator, a live trickle and fault injection.
 * Used by the contract tests and the embedded demo.
 */
export { createWorkosEmulator } from './server.js';
export type { WorkosEmulator, WorkosEmulatorOptions } from './server.js';
export { EventStore } from './event-store.js';
export type { EventStoreOptions } from './event-store.js';
export type { EventInput, JsonObject, WorkosEvent } from './event-types.js';
export { DEFAULT_BEHAVIOUR, resolveBehaviour } from './behaviour.js';
export type { EmulatorBehaviour, EmulatorBehaviourOptions } from './behaviour.js';
export { FaultController } from './faults.js';
export type { Fault, FaultDecision, RandomFaultRates } from './faults.js';
export { RequestStats } from './request-stats.js';
export type { RequestLogEntry, RequestOutcome } from './request-stats.js';
export { createManualClock, createOffsetClock, systemClock, toEpochMs } from './clock.js';
export type { Clock, ManualClock, TimeInput } from './clock.js';
export { DOCUMENTED_ONLY_EVENT_NAMES, KNOWN_EVENT_NAMES, SDK_EVENT_NAMES } from './event-names.js';
export { organizationIdOf } from './organization-of.js';
export { decodeUlidTime, encodeUlidTime, isUlid, randomUlid, createMonotonicUlid } from './ulid.js';
export { createRng, mulberry32 } from './prng.js';
export type { Rng } from './prng.js';
export { createWorldGenerator, generateWorld, WORLD_ACTIONS } from './world/world-generator.js';
export type { GenerateWorldOptions, WorldGenerator, WorldOptions } from './world/world-generator.js';
export { startLiveTrickle } from './live-trickle.js';
export type { LiveTrickle, LiveTrickleOptions } from './live-trickle.js';
export { DEFAULT_LIMIT, MAX_LIMIT } from './list-query.js';
export { StateLists } from './state/state-lists.js';
export type { StateListsDeps, StateListResult } from './state/state-lists.js';
export { DEFAULT_LIST_BEHAVIOUR, resolveListBehaviour } from './state/list-behaviour.js';
export type { ListBehaviour, ListBehaviourOptions } from './state/list-behaviour.js';
export { STATE_LIST_ENDPOINTS, matchStateList } from './state/list-routes.js';
export type { FoldedWorld } from './state/folded-world.js';
export type { EntityRecord } from './state/entity-table.js';
export { endpointLabel } from './endpoint-label.js';
export { generateHistory } from './world/world-history.js';
export type { WorldHistoryOptions } from './world/world-history.js';
export type { SettlableWorldGenerator } from './world/world-generator.js';

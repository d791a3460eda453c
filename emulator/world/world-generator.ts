import { toEpochMs } from '../clock.js';
import type { TimeInput } from '../clock.js';
import type { EventInput } from '../event-types.js';
import { createRng } from '../prng.js';
import { randomUlid } from '../ulid.js';
import { authenticationActions } from './authentication.js';
import { authorizationActions } from './authorization.js';
import { connectionActions } from './connections.js';
import { directoryActions } from './directories.js';
import { groupMembershipActions } from './directory-groups.js';
import { directoryUserActions } from './directory-users.js';
import { invitationActions } from './invitations.js';
import { organizationDomainActions } from './organization-domains.js';
import { createOrganization, organizationActions } from './organizations.js';
import { sessionActions } from './sessions.js';
import { userTokenActions } from './user-tokens.js';
import { createUser, userActions } from './users.js';
import { createWorldCtx } from './world-context.js';
import type { FollowUp, WorldAction, WorldState } from './world-state.js';

/** Every action the simulation draws from (organization.created is driven by the population). */
export const WORLD_ACTIONS: readonly WorldAction[] = [
  ...organizationActions,
  ...organizationDomainActions,
  ...connectionActions,
  ...directoryActions,
  ...directoryUserActions,
  ...groupMembershipActions,
  ...userActions,
  ...invitationActions,
  ...sessionActions,
  ...authenticationActions,
  ...userTokenActions,
  ...authorizationActions,
];

/** Options of {@link createWorldGenerator}. */
export interface WorldOptions {
  /** PRNG seed; the same seed and calls give the same events. */
  readonly seed: number;
  /** Organizations kept alive (created early, replaced when deleted). Default 50. */
  readonly organizations?: number;
  /** Weight overrides by action name (see {@link WORLD_ACTIONS}); 0 disables an action. */
  readonly mix?: Readonly<Record<string, number>>;
}

/** A stateful, seeded simulation of one WorkOS environment. */
export interface WorldGenerator {
  /** The next event, stamped `atMs` (epoch ms). Callers pass non-decreasing times. */
  next(atMs: number): EventInput;
  /** `count` events spread evenly (with seeded jitter) over [start, end), oldest first. */
  generate(count: number, start: TimeInput, end: TimeInput): EventInput[];
  /** The simulated state (for tests and debugging; do not mutate). */
  readonly state: Readonly<WorldState>;
}

/** The generator {@link createWorldGenerator} makes: it also tells how many follow-ups are queued. */
export interface SettlableWorldGenerator extends WorldGenerator {
  /**
   * Queued follow-ups not yet emitted. While any are queued the state is ahead of the events
   * (a user deletion removes the user at once and emits its events next), so a caller that
   * compares the two first calls `next` until this is 0.
   */
  readonly pendingFollowUps: number;
}

/**
 * Creates a world generator. Directory sync dominates the mix, as it does for real B2B tenants;
 * every event type listed in the README is produced. 20,000 events take well under a second.
 */
export function createWorldGenerator(options: WorldOptions): SettlableWorldGenerator {
  const rng = createRng(options.seed);
  const state: WorldState = {
    orgs: [],
    directories: [],
    orgsCreated: 0,
    targetOrgs: Math.max(1, options.organizations ?? 50),
    users: [],
    memberships: [],
    invitations: [],
    sessions: [],
    passwordResets: [],
    roles: [],
    permissions: [],
    clientIds: Array.from({ length: 3 }, () => `client_${randomUlid(1_700_000_000_000, rng.next)}`),
    serial: 0,
  };
  const pending: FollowUp[] = [];
  const ctx = createWorldCtx(rng, state, pending);
  const actions = WORLD_ACTIONS.map((a) => ({ action: a, weight: options.mix?.[a.name] ?? a.weight })).filter((a) => a.weight > 0);
  const totalWeight = actions.reduce((sum, a) => sum + a.weight, 0);

  const draw = (t: number): EventInput | null => {
    // Populate the tenant list quickly, but interleaved with other traffic.
    if (state.orgs.length < state.targetOrgs && (state.orgs.length === 0 || rng.chance(0.35))) return createOrganization(ctx, t);
    let r = rng.next() * totalWeight;
    for (const { action, weight } of actions) {
      r -= weight;
      if (r < 0) return action.run(ctx, t);
    }
    return null;
  };

  const next = (t: number): EventInput => {
    for (let attempt = 0; attempt < 50; attempt += 1) {
      // Follow-ups (initial syncs, acceptances, cascades) come before anything new.
      for (let step = pending.shift(); step !== undefined; step = pending.shift()) {
        const event = step(t);
        if (event !== null) return event;
      }
      const event = draw(t);
      if (event !== null) return event;
    }
    return createUser(ctx, t).event; // Always possible; only reached in a near-empty world.
  };

  return {
    next,
    generate: (count, start, end) => {
      const startMs = toEpochMs(start);
      const span = toEpochMs(end) - startMs;
      if (span < 0) throw new RangeError('generate: end is before start');
      const out: EventInput[] = [];
      // floor((i + u) · span / count) is non-decreasing in i, so the stream stays ordered.
      for (let i = 0; i < count; i += 1) out.push(next(startMs + Math.floor(((i + rng.next()) * span) / count)));
      return out;
    },
    state,
    get pendingFollowUps() {
      return pending.length;
    },
  };
}

/** Options of {@link generateWorld}. */
export interface GenerateWorldOptions extends WorldOptions {
  /** Number of events. */
  readonly events: number;
  /** Time of the first event (inclusive). */
  readonly start: TimeInput;
  /** Time bound of the last event (exclusive). */
  readonly end: TimeInput;
}

/** One-shot helper: a fresh generator's `generate(events, start, end)`. */
export function generateWorld(options: GenerateWorldOptions): EventInput[] {
  return createWorldGenerator(options).generate(options.events, options.start, options.end);
}

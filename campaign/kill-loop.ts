/**
 * SIGKILLs one role again and again at random moments, restarting it after a short random delay.
 * Most kills wait until the new process has shown progress (so they land mid-work: inside a
 * transaction, between a database commit and an offset commit, between an effect and its ledger
 * row); a share land at a random moment of start-up instead.
 */
import type { Rng } from '../emulator/prng.js';
import type { RoleProcess } from './role-process.js';
import { sleep, waitUntil } from './wait.js';

/** How one role is killed. */
export interface KillLoopOptions {
  readonly role: RoleProcess;
  /** Kills to make. */
  readonly target: number;
  /** A progress reading (any number that grows while the role works), or undefined when unknown. */
  readonly progress: () => Promise<number | undefined>;
  /** How much the reading must grow after a start to count as progress. Default 1. */
  readonly progressStep?: number;
  /** Kills are spread until this wall-clock time (ms); later ones come as fast as progress allows. */
  readonly spreadUntilMs: number;
  /** No kill after this time (ms): the loop ends short of `target` (the report shows kills of target). */
  readonly deadlineMs: number;
  /** Longest wait for progress before killing anyway, ms. */
  readonly maxProgressWaitMs: number;
  /** Share of kills at a random moment of start-up, without waiting for progress. */
  readonly startupShare: number;
  /** Delay between a kill and the restart, ms. */
  readonly restartDelayMs: readonly [min: number, max: number];
  /** After progress, the kill comes uniformly within at least this many ms (so each process gets work done). */
  readonly minLifeMs: number;
  /** Where the role stands at a kill (e.g. events read), recorded per kill. */
  readonly position?: () => Promise<number | undefined>;
  /** Called after each kill (progress lines with `--verbose`). */
  readonly onKill?: (info: { kills: number; kind: string; position: number | undefined; livedMs: number }) => void;
  readonly rng: Rng;
  readonly signal: AbortSignal;
}

/** What the loop did. */
export interface KillStats {
  readonly target: number;
  kills: number;
  /** Kills after the process had shown progress. */
  midWork: number;
  /** Kills during start-up, on purpose. */
  duringStartup: number;
  /** Kills made after waiting `maxProgressWaitMs` for progress in vain. */
  withoutProgress: number;
  /** Milliseconds from a start to the first progress, per kill that waited for it. */
  readonly startToProgressMs: number[];
  /** `position()` at each kill (when given). */
  readonly positions: number[];
}

/** A running loop: `stats` move as it goes; `done` settles when it ends. */
export interface KillLoop {
  readonly stats: Readonly<KillStats>;
  readonly done: Promise<KillStats>;
}

/** Starts the loop; it runs until `target` kills, the deadline or the signal, and leaves the role running. */
export function startKillLoop(options: KillLoopOptions): KillLoop {
  const stats: KillStats = { target: options.target, kills: 0, midWork: 0, duringStartup: 0, withoutProgress: 0, startToProgressMs: [], positions: [] };
  const done = runKillLoop(options, stats);
  // Awaited later with the other loops; an early failure must not be an unhandled rejection meanwhile.
  done.catch(() => undefined);
  return { stats, done };
}

async function runKillLoop(options: KillLoopOptions, stats: KillStats): Promise<KillStats> {
  const { role, rng, signal } = options;
  role.start();
  while (stats.kills < options.target && !signal.aborted && Date.now() < options.deadlineMs) {
    const startedAt = role.startedAt ?? Date.now();
    let kind: 'midWork' | 'duringStartup' | 'withoutProgress';
    if (rng.chance(options.startupShare)) {
      kind = 'duringStartup';
      await sleep(rng.next() * 3_000, signal);
    } else {
      const baseline = await options.progress().catch(() => undefined);
      const moved = await waitUntil(
        async () => {
          const now = await options.progress();
          return baseline !== undefined && now !== undefined && now >= baseline + (options.progressStep ?? 1);
        },
        options.maxProgressWaitMs,
        250,
        signal,
      );
      kind = moved ? 'midWork' : 'withoutProgress';
      if (moved) {
        stats.startToProgressMs.push(Date.now() - startedAt);
        await sleep(rng.next() * lifeMs(options, stats), signal);
      }
    }
    if (signal.aborted || Date.now() >= options.deadlineMs) break;
    const position = await options.position?.().catch(() => undefined);
    // Not running (it exited on its own and the supervisor has not restarted it yet): no kill to count.
    if (!(await role.kill())) {
      role.start();
      continue;
    }
    stats.kills += 1;
    stats[kind] += 1;
    if (position !== undefined) stats.positions.push(position);
    options.onKill?.({ kills: stats.kills, kind, position, livedMs: Date.now() - startedAt });
    await sleep(options.restartDelayMs[0] + rng.next() * (options.restartDelayMs[1] - options.restartDelayMs[0]), signal);
    role.start();
  }
  return stats;
}

// Up to twice the time each remaining kill may take, less the time a start takes to show
// progress, so the kills spread over the window instead of bunching at its start.
function lifeMs(options: KillLoopOptions, stats: KillStats): number {
  const remaining = Math.max(1, options.target - stats.kills);
  const perKill = Math.max(0, options.spreadUntilMs - Date.now()) / remaining;
  const recent = stats.startToProgressMs.slice(-5);
  const overhead = recent.length === 0 ? 0 : recent.reduce((a, b) => a + b, 0) / recent.length;
  return Math.max(options.minLifeMs, 2 * (perKill - overhead - options.restartDelayMs[1] / 2));
}

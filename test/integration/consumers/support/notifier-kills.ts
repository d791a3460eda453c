/**
 * The notifier as a real process that the idempotent receiver SIGKILLs at chosen calls, started
 * again after each kill: the crash pattern of the effect tests.
 */
import { expect } from 'vitest';
import { waitFor } from '../../../support/wait-for.js';
import { spawnConsumer, stopGracefully, type ConsumerProcess } from './child-process.js';
import type { CallFate, IdempotentReceiver } from './idempotent-receiver.js';

export const NOTIFIER = 'consumers/notifier/main.ts';

/** Kills at these raw calls, alternating before and after the receiver applies the effect. */
export function alternatingKills(calls: readonly number[]): Map<number, CallFate> {
  return new Map(calls.map((n, i) => [n, i % 2 === 0 ? 'kill-before-applying' : 'kill-after-applying']));
}

/** A notifier going through its planned kills. */
export interface KilledNotifier {
  /** The process running now. */
  current(): ConsumerProcess;
  /** Resolves once every planned kill happened and the notifier runs again, with the killed processes' output. */
  readonly restarted: Promise<string>;
}

/**
 * Starts the notifier and lets `receiver` kill it at each call of `fates`; each kill must end the
 * process by SIGKILL within `killTimeoutMs`, and a new one is started at once.
 */
export function startNotifierThroughKills(receiver: IdempotentReceiver, fates: ReadonlyMap<number, CallFate>, env: Record<string, string>, killTimeoutMs: number): KilledNotifier {
  let current: ConsumerProcess = spawnConsumer(NOTIFIER, env);
  let kills = 0;
  receiver.plan(fates, () => {
    current.child.kill('SIGKILL');
    kills += 1;
  });
  const restarted = (async () => {
    let output = '';
    for (let kill = 1; kill <= fates.size; kill += 1) {
      await waitFor(() => kills >= kill, `notifier kill ${kill} of ${fates.size} (at call ${[...fates.keys()][kill - 1]})`, killTimeoutMs, 5);
      expect(await current.exited, current.output()).toBe('SIGKILL');
      output += current.output();
      current = spawnConsumer(NOTIFIER, env);
    }
    return output;
  })();
  return { current: () => current, restarted };
}

/**
 * Runs the notifier through every planned kill, waits for `caughtUp` and stops it with SIGTERM;
 * returns the output of all its processes.
 */
export async function runNotifierThroughKills(receiver: IdempotentReceiver, fates: ReadonlyMap<number, CallFate>, env: Record<string, string>, caughtUp: () => Promise<void>): Promise<string> {
  const notifier = startNotifierThroughKills(receiver, fates, env, 120_000);
  const killedOutput = await notifier.restarted;
  await caughtUp();
  await stopGracefully(notifier.current());
  return killedOutput + notifier.current().output();
}

/**
 * Runs a consumer entry point as a real child process (`node --import tsx <main.ts>`, one
 * process, so SIGKILL really kills the consumer rather than a wrapper), with its output kept for
 * failure messages.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { expect, onTestFinished } from 'vitest';

/** Repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

/** A spawned consumer. */
export interface ConsumerProcess {
  readonly child: ChildProcess;
  /** Everything it wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal name) once it has exited. */
  readonly exited: Promise<number | string>;
}

/** Starts `entry` (relative to the repository root) with exactly `env` plus PATH. */
export function spawnConsumer(entry: string, env: Record<string, string>): ConsumerProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  onTestFinished(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  return { child, output: () => output, exited };
}

/** Stops every process with SIGTERM and expects each to exit 0, showing its output if one does not. */
export async function stopGracefully(...processes: readonly ConsumerProcess[]): Promise<void> {
  for (const consumer of processes) consumer.child.kill('SIGTERM');
  for (const consumer of processes) expect(await consumer.exited, consumer.output()).toBe(0);
}

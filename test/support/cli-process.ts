import { spawn, type ChildProcess } from 'node:child_process';

/** A `workos-kafka` CLI process under test, with its output collected. */
export interface CliProcess {
  readonly child: ChildProcess;
  output(): string;
  readonly exited: Promise<number | null>;
}

/**
 * Runs `cli/main.ts <args>` (or another entry file, such as `connector/main.ts`) with `node
 * --import tsx`, so a signal reaches the CLI itself, not a launcher.
 */
export function startCli(args: readonly string[], env: Record<string, string> = {}, entry = 'cli/main.ts'): CliProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', entry, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  child.stdout?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => chunks.join(''), exited };
}

/** Runs the CLI (or `entry`) to completion and returns its exit code and output. */
export async function runCli(args: readonly string[], env: Record<string, string> = {}, entry?: string): Promise<{ code: number | null; output: string }> {
  const cli = startCli(args, env, entry);
  const code = await cli.exited;
  return { code, output: cli.output() };
}

import { spawn, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** How a child run by {@link runToEnd} ended. */
export interface ChildResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Options for {@link runToEnd}. */
export interface RunToEndOptions extends Pick<SpawnOptions, 'cwd' | 'env'> {
  /** The child is killed (SIGKILL) and the call rejects after this long. Default 60 s. */
  readonly timeoutMs?: number;
}

/**
 * Runs `command args` to its end without blocking this process. Tests use it instead of
 * `spawnSync`/`execFileSync`: a synchronous wait on a child that never ends blocks the test
 * worker's event loop, so no test or hook timeout can fire and the whole run waits forever. Here a
 * child that outlives `timeoutMs` is killed and the call rejects naming it, with what it printed.
 */
export function runToEnd(command: string, args: readonly string[], options: RunToEndOptions = {}): Promise<ChildResult> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  return new Promise<ChildResult>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'] });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    const text = (chunks: Buffer[]): string => Buffer.concat(chunks).toString('utf8');
    let timedOut = false;
    let threadsWhenKilled = '';
    const timer = setTimeout(() => {
      timedOut = true;
      threadsWhenKilled = child.pid === undefined ? '' : threadStates(child.pid);
      child.kill('SIGKILL');
    }, timeoutMs);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    // 'close', not 'exit': the output is complete only once both pipes have ended.
    child.once('close', (status, signal) => {
      clearTimeout(timer);
      if (timedOut) {
        const printed = `${text(stdout)}${text(stderr)}`.slice(-2_000);
        reject(
          new Error(
            `${command} ${args.join(' ')} did not end within ${timeoutMs} ms and was killed; it printed: ${printed || '(nothing)'}\n` +
              `its threads then (name:state:kernel wait): ${threadsWhenKilled || '(unreadable)'}`,
          ),
        );
        return;
      }
      resolve({ status, signal, stdout: text(stdout), stderr: text(stderr) });
    });
  });
}

/**
 * Each thread of `pid` as `name:state:wait channel`, read from /proc (Linux): where a child that
 * did not end was stuck, e.g. its main thread joining V8's worker threads at exit.
 */
export function threadStates(pid: number): string {
  try {
    return readdirSync(`/proc/${pid}/task`)
      .map((tid) => {
        const read = (file: string): string => {
          try {
            return readFileSync(`/proc/${pid}/task/${tid}/${file}`, 'utf8').trim();
          } catch {
            return '?';
          }
        };
        const stat = read('stat');
        const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
        return `${read('comm')}:${state}:${read('wchan')}`;
      })
      .join(', ');
  } catch {
    return '';
  }
}

/**
 * One role (connector, mirror, notifier) as a supervised child process running the compiled
 * product as users run it, `node bin/workos-kafka.js <command>` (`npm run bench` and `npm run
 * campaign` build dist/ first): one process, so a SIGKILL reaches the role itself and not a
 * launcher (and its pid is the role's own, for /proc readings, which then measure the product and
 * not a TypeScript loader). Output goes to a log file. An exit the caller did not cause
 * is recorded and, unless `restartOnExit` is false, the role is started again.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { say } from './say.js';

/** Repository root (children run from it, as `npm start` does). */
export const REPO_ROOT = fileURLToPath(new URL('../', import.meta.url));

/** An exit nobody asked for. */
export interface UnplannedExit {
  readonly role: string;
  readonly at: string;
  readonly exit: number | string;
  /** The last lines of the role's log at that moment. */
  readonly tail: string;
}

/** A supervised role. */
export interface RoleProcess {
  readonly role: string;
  readonly logFile: string;
  /** Processes started so far. */
  readonly starts: number;
  /** Wall-clock start of the current process (ms), or null when none runs. */
  readonly startedAt: number | null;
  /** Pid of the current process, or null when none runs. */
  readonly pid: number | null;
  readonly unplannedExits: readonly UnplannedExit[];
  /** Starts a process unless one runs. */
  start(): void;
  /** SIGKILL; resolves when it is gone, with false when no process was running. */
  kill(): Promise<boolean>;
  /** SIGTERM; resolves with the exit code (or signal), SIGKILL after `graceMs`. Stops supervising. */
  terminate(graceMs?: number): Promise<number | string | null>;
  /** Last lines of the log file. */
  tail(lines?: number): string;
}

const live = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** How a role is supervised. */
export interface RoleProcessOptions {
  /** Start the role again after an exit nobody asked for. Default true (the campaign). */
  readonly restartOnExit?: boolean;
  /** Progress lines. Default the campaign's `say`. */
  readonly say?: (message: string) => void;
}

/** The `workos-kafka` subcommands that run a long-lived role. */
export type RoleCommand = 'connector' | 'directory-mirror' | 'notifier';

/** The installed command's entry, which runs dist/. */
const CLI_ENTRY = fileURLToPath(new URL('../bin/workos-kafka.js', import.meta.url));

/** Creates the role; nothing runs until `start()`. `env` is the whole environment besides PATH/HOME. */
export function createRoleProcess(role: string, command: RoleCommand, env: Record<string, string>, logFile: string, options: RoleProcessOptions = {}): RoleProcess {
  const report = options.say ?? say;
  let child: ChildProcess | null = null;
  let exited: Promise<number | string> = Promise.resolve('none');
  let starts = 0;
  let startedAt: number | null = null;
  let supervising = options.restartOnExit ?? true;
  const expectedExits = new WeakSet<ChildProcess>();
  const unplannedExits: UnplannedExit[] = [];
  const tail = (lines = 20): string => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-lines - 1).join('\n');
    } catch {
      return '(no log)';
    }
  };

  const start = (): void => {
    if (child !== null) return;
    const fd = openSync(logFile, 'a');
    // Only PATH and HOME are inherited: a DATABASE_URL in the caller's shell must not switch a consumer to PostgreSQL.
    const spawned = spawn(process.execPath, [CLI_ENTRY, command], {
      cwd: REPO_ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', KAFKAJS_NO_PARTITIONER_WARNING: '1', ...env },
      stdio: ['ignore', fd, fd],
      // Its own process group: a Ctrl-C in the terminal reaches only the campaign, which stops
      // the roles itself (a role stopping on its own would look like an unplanned exit).
      detached: true,
    });
    closeSync(fd);
    child = spawned;
    live.add(spawned);
    starts += 1;
    startedAt = Date.now();
    exited = new Promise((resolve) =>
      spawned.once('exit', (code, signal) => {
        live.delete(spawned);
        if (child === spawned) {
          child = null;
          startedAt = null;
        }
        const exit = code ?? signal ?? 'unknown';
        if (!expectedExits.has(spawned)) {
          unplannedExits.push({ role, at: new Date().toISOString(), exit, tail: tail() });
          report(`${role} exited on its own (${exit})${supervising ? '; restarting it' : ''}. Log: ${logFile}`);
          // Checked when the timer fires too: a terminate() in between means stay down.
          if (supervising) {
            setTimeout(() => {
              if (supervising) start();
            }, 1_000);
          }
        }
        resolve(exit);
      }),
    );
  };

  const signal = (sig: NodeJS.Signals): Promise<number | string> => {
    const current = child;
    if (current === null) return exited;
    expectedExits.add(current);
    current.kill(sig);
    return exited;
  };

  return {
    role,
    logFile,
    get starts() {
      return starts;
    },
    get startedAt() {
      return startedAt;
    },
    get pid() {
      return child?.pid ?? null;
    },
    unplannedExits,
    start,
    async kill() {
      if (child === null) return false;
      await signal('SIGKILL');
      return true;
    },
    async terminate(graceMs = 60_000) {
      supervising = false;
      const current = child;
      if (current === null) return null;
      const timer = setTimeout(() => current.kill('SIGKILL'), graceMs);
      const exit = await signal('SIGTERM');
      clearTimeout(timer);
      return exit;
    },
    tail,
  };
}

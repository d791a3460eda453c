import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';

/** A JVM started by the launcher, its log file, and how to stop it. */
export interface JavaProcess {
  readonly child: ChildProcess;
  readonly logFile: string;
  /** Resolves with the exit code once the process has gone. */
  readonly exited: Promise<number | null>;
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 s); resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
  /** The last lines of the log, for error messages. */
  tail(lines?: number): string;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

// The watchdog shell and the JVM share a process group of their own; signalling the group reaches
// both, so even a SIGKILL cannot orphan the JVM.
function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // already gone
  }
}

// If the Node process ends without calling stop() (an uncaught error, process.exit), the JVMs
// must not outlive it. SIGKILL of Node itself is covered by the watchdog below.
function installExitHook(): void {
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const child of live) signalGroup(child, 'SIGKILL');
  });
}

/**
 * Starts `java args…` with stdout and stderr appended to `logFile`. The JVM runs under a small
 * shell watchdog that kills it when this Node process disappears, even by SIGKILL, so a crashed
 * test run never leaves a broker behind.
 */
export function startJava(executable: string, args: string[], logFile: string, cwd: string): JavaProcess {
  installExitHook();
  const fd = openSync(logFile, 'a');
  const watchdog = [
    '"$@" & jvm=$!',
    'trap \'kill -TERM $jvm 2>/dev/null; wait $jvm; exit $?\' TERM INT',
    `while kill -0 ${process.pid} 2>/dev/null && kill -0 $jvm 2>/dev/null; do sleep 1 & wait $!; done`,
    'kill -KILL $jvm 2>/dev/null; wait $jvm',
  ].join('\n');
  const child = spawn('bash', ['-c', watchdog, 'java-watchdog', executable, ...args], {
    cwd,
    detached: true,
    stdio: ['ignore', fd, fd],
  });
  closeSync(fd);
  live.add(child);
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => {
      live.delete(child);
      resolve(code);
    });
  });
  const tail = (lines = 30): string => {
    try {
      return readFileSync(logFile, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  };
  const stop = async (graceMs = 10_000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    signalGroup(child, 'SIGTERM');
    const timer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  return { child, logFile, exited, stop, tail };
}

/**
 * Ends the process with a code, without waiting on Node's own teardown.
 *
 * Why: `process.exit` (and an exit when the event loop drains) ends in Node's platform teardown,
 * which joins V8's worker threads. A worker thread in the middle of a background compile job that
 * ran out of heap waits for the main thread to collect garbage, and the main thread, now joining,
 * never will: the process has printed its last line and hangs for good (nodejs/node#54918, open in
 * Node 26). A role that has stopped cleanly, or a command that has refused bad settings, would then
 * never exit, and neither a supervisor nor a script waiting on it would ever see its code. It shows
 * most in short runs that exit right after loading the product: `workos-kafka status
 * --no-such-flag` with the tuned flags of `bin/workos-kafka.js` hung once in 1,258 runs here
 * (3 side by side, 7 minutes), with its main thread and one V8 worker thread both in a futex wait.
 *
 * Where the runtime has `node:ffi` (Node 26), the process does what `process.exit` does before that
 * teardown, its `exit` listeners (the local stack's JVM cleanup, log transports), and then calls
 * the C library's `_exit`, which ends it at once. Elsewhere (no `node:ffi`, or a permission model
 * without `--allow-ffi`) it is `process.exit`. Either way, output still queued for stdout or stderr
 * is dropped: call {@link flushStandardStreams} first.
 */
import { createRequire } from 'node:module';
import { inspect } from 'node:util';

/** The C library's `_exit`, or undefined where it cannot be reached. */
type ImmediateExit = (code: number) => void;

function libcImmediateExit(): ImmediateExit | undefined {
  if (process.platform === 'win32') return undefined;
  try {
    // Loaded only here, at the very end: `node:ffi` is experimental and says so in a warning
    // when first loaded, which `_exit` then never gives the event loop a turn to print.
    const ffi = createRequire(import.meta.url)('node:ffi') as {
      dlopen(path: null, definitions: { _exit: { arguments: ['int32']; return: 'void' } }): { functions: { _exit: ImmediateExit } };
    };
    return ffi.dlopen(null, { _exit: { arguments: ['int32'], return: 'void' } }).functions._exit;
  } catch {
    return undefined;
  }
}

/** How long {@link flushStandardStreams} waits for a reader that does not read. */
const FLUSH_TIMEOUT_MS = 10_000;

/**
 * Waits until what was written to stdout and stderr has left the process, for at most `timeoutMs`.
 * A write to a pipe goes out at once only as far as the pipe has room (64 KiB on Linux); the rest
 * waits in the stream for the event loop, and ends with the process: `workos-kafka status` piped
 * into a slow reader would print a truncated answer. Bounded, so a reader that never reads cannot
 * keep a stopped role alive.
 */
export async function flushStandardStreams(timeoutMs: number = FLUSH_TIMEOUT_MS): Promise<void> {
  const pending = [process.stdout, process.stderr].filter((stream) => stream.writableLength > 0 && !stream.destroyed);
  if (pending.length === 0) return;
  let timer: NodeJS.Timeout | undefined;
  // An empty write queues behind everything written before it: its callback means all went out
  // (or the stream failed, which ends the wait just the same).
  const drained = (stream: NodeJS.WriteStream): Promise<void> => new Promise<void>((resolve) => stream.write('', () => resolve()));
  await Promise.race([Promise.all(pending.map(drained)), new Promise<void>((resolve) => (timer = setTimeout(resolve, timeoutMs)))]);
  clearTimeout(timer);
}

/**
 * Whether Node was asked for something it writes during its teardown: CPU and heap profiles
 * (`--cpu-prof`, `--heap-prof`, `--prof`), coverage (`NODE_V8_COVERAGE`). `_exit` would lose it, so
 * then the process ends through `process.exit`, taking the small risk above for the run measured.
 */
export function writesAtTeardown(execArgv: readonly string[] = process.execArgv, env: NodeJS.ProcessEnv = process.env): boolean {
  const flags = [...execArgv, ...(env.NODE_OPTIONS ?? '').split(/\s+/)];
  return Boolean(env.NODE_V8_COVERAGE) || flags.some((flag) => /^--(cpu-prof|heap-prof|prof)(=|$)/.test(flag));
}

/** Runs the `exit` listeners as `process.exit` would, then ends the process with `code` at once. */
export function exitProcess(code: number): never {
  const immediateExit = writesAtTeardown() ? undefined : libcImmediateExit();
  if (immediateExit === undefined) process.exit(code);
  process.exitCode = code;
  const state = process as NodeJS.Process & { _exiting?: boolean };
  if (!state._exiting) {
    state._exiting = true;
    process.emit('exit', code);
  }
  // As with process.exit, an `exit` listener may still set the code.
  const finalCode = typeof process.exitCode === 'number' ? process.exitCode : code;
  immediateExit(finalCode);
  // Not reached: `_exit` does not return.
  process.exit(finalCode);
}

/** The normal end of a command: what it printed goes out ({@link flushStandardStreams}), then {@link exitProcess}. */
export async function exitWhenPrinted(code: number): Promise<never> {
  await flushStandardStreams();
  return exitProcess(code);
}

/**
 * An error nothing caught (a throw in a callback, a rejected promise nobody awaited) ends the
 * process as Node would, its stack on stderr and code `code`, but through {@link exitProcess}, so
 * that a crash, too, ends without Node's teardown. (Node's own crash exit did not wait for a held
 * worker thread in a check here, 83 ms; whether it can meet the V8 deadlock is not established.)
 */
export function exitOnUncaughtError(code: number): void {
  process.on('uncaughtException', (error) => {
    process.stderr.write(`${inspect(error)}\n`);
    exitProcess(code);
  });
}

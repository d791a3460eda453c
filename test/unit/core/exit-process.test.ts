import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runToEnd, type ChildResult } from '../../support/run-to-end.js';
import { waitFor } from '../../support/wait-for.js';

/** How long the child's worker thread is held in a blocking call that Node's teardown waits for. */
const HELD_MS = 12_000;

/** Runs `body` in a fresh Node process (ESM, through tsx) with the functions of `core/exit-process.ts` in scope. */
function runScript(body: string) {
  const script = `const { exitOnUncaughtError, exitProcess, flushStandardStreams } = await import('./core/exit-process.ts');\n${body}`;
  return runToEnd(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeoutMs: 45_000 });
}

/**
 * A child that holds a thread Node's exit teardown joins (a worker thread inside a blocking call,
 * standing in for a V8 worker thread waiting on the main thread) and then ends with code 5
 * through `exitCall`. Returns the child's result and how long it took to end after it said it
 * was exiting.
 */
async function exitWhileAThreadIsHeld(exitCall: string) {
  const run = await runScript(`
    const { Worker } = await import('node:worker_threads');
    const { existsSync, rmSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { tmpdir } = await import('node:os');
    // The shell touches the marker once running: then the worker thread is surely inside the
    // blocking call, not about to enter it (a message sent just before the call races with it).
    const marker = join(tmpdir(), 'exit-process-held-' + process.pid);
    new Worker(
      "process.getBuiltinModule('node:child_process').execFileSync('sh', ['-c', 'touch \\"$0\\"; sleep ${HELD_MS / 1000}', " + JSON.stringify(marker) + "], { timeout: 60_000 });",
      { eval: true },
    );
    while (!existsSync(marker)) await new Promise((resolve) => setTimeout(resolve, 20));
    rmSync(marker);
    process.on('exit', (code) => process.stdout.write('exit listener ran with ' + code + '\\n'));
    process.stdout.write('last line\\n');
    process.stderr.write('exiting at ' + Date.now() + '\\n');
    ${exitCall};
  `);
  return { run, endedAfterMs: Date.now() - Number(/exiting at (\d+)/.exec(run.stderr)?.[1]) };
}

/** The child of {@link exitWhileAThreadIsHeld} ended with `code`, its last line and its exit listener's line printed. */
function expectEndedWith(run: ChildResult, code: number): void {
  expect(run.status).toBe(code);
  expect(run.stdout).toBe(`last line\nexit listener ran with ${code}\n`);
}

describe('exitProcess', () => {
  it("ends at once with the code, after the exit listeners, even when Node's teardown would wait on a thread", async () => {
    const { run, endedAfterMs } = await exitWhileAThreadIsHeld('exitProcess(5)');
    expectEndedWith(run, 5);
    expect(endedAfterMs).toBeLessThan(HELD_MS / 2);
  }, 60_000);

  it('ends a process that crashed the same way: stack on stderr, code 1, at once', async () => {
    const { run, endedAfterMs } = await exitWhileAThreadIsHeld(
      "exitOnUncaughtError(1); setTimeout(() => { throw new Error('nobody caught this'); }, 0)",
    );
    expectEndedWith(run, 1);
    expect(run.stderr).toMatch(/Error: nobody caught this\n\s+at /);
    expect(endedAfterMs).toBeLessThan(HELD_MS / 2);
  }, 60_000);

  it('(the same child through process.exit waits for the held thread: the teardown joins it)', async () => {
    const { run, endedAfterMs } = await exitWhileAThreadIsHeld('process.exit(5)');
    expectEndedWith(run, 5);
    expect(endedAfterMs).toBeGreaterThanOrEqual(HELD_MS / 2);
  }, 60_000);
});

describe('exitProcess with diagnostics written at teardown', () => {
  it('recognises profiles and coverage, in the flags or NODE_OPTIONS', async () => {
    const { writesAtTeardown } = await import('../../../core/exit-process.js');
    expect(writesAtTeardown([], {})).toBe(false);
    expect(writesAtTeardown(['--max-semi-space-size=8', '--optimize-for-size', '--profile-x'], {})).toBe(false);
    expect(writesAtTeardown(['--cpu-prof'], {})).toBe(true);
    expect(writesAtTeardown(['--heap-prof'], {})).toBe(true);
    expect(writesAtTeardown(['--prof'], {})).toBe(true);
    expect(writesAtTeardown([], { NODE_OPTIONS: '--max-old-space-size=512 --cpu-prof' })).toBe(true);
    expect(writesAtTeardown([], { NODE_V8_COVERAGE: '/tmp/coverage' })).toBe(true);
  });

  it('leaves the CPU profile Node writes at exit', async () => {
    const profiles = mkdtempSync(join(tmpdir(), 'exit-process-prof-'));
    try {
      const script = "const { exitProcess } = await import('./core/exit-process.ts'); exitProcess(4);";
      const run = await runToEnd(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profiles}`, '--import', 'tsx', '--input-type=module', '-e', script]);
      expect(run.status).toBe(4);
      expect(readdirSync(profiles).filter((file) => file.endsWith('.cpuprofile'))).toHaveLength(1);
    } finally {
      rmSync(profiles, { recursive: true, force: true });
    }
  });
});

describe('flushStandardStreams', () => {
  const big = 256 * 1024;
  const scratch = mkdtempSync(join(tmpdir(), 'exit-process-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  /**
   * A child whose stdout is a pipe to a reader that starts reading only after half a second (so
   * the pipe is full when the child is done writing), writing `big` bytes, then ending through
   * exitProcess, with or without flushStandardStreams first. Returns how many bytes the reader got.
   */
  async function bytesReadAfterExit(name: string, flushFirst: boolean): Promise<number> {
    const received = join(scratch, name);
    const run = await runScript(`
      const { spawn } = await import('node:child_process');
      const reader = spawn('sh', ['-c', 'sleep 0.5; cat > "$0"; touch "$0.done"', ${JSON.stringify(received)}], { stdio: ['pipe', 'ignore', 'ignore'], detached: true });
      reader.unref();
      Object.defineProperty(process, 'stdout', { value: reader.stdin });
      process.stdout.write('x'.repeat(${big}));
      ${flushFirst ? 'await flushStandardStreams();' : ''}
      exitProcess(0);
    `);
    expect(run.status).toBe(0);
    await waitFor(() => existsSync(`${received}.done`), 'the reader to finish', 20_000);
    return statSync(received).size;
  }

  it('lets more than a pipe holds reach a slow reader before the process ends', async () => {
    expect(await bytesReadAfterExit('flushed', true)).toBe(big);
  }, 30_000);

  it('(without it, what the pipe could not take at once is lost)', async () => {
    expect(await bytesReadAfterExit('not-flushed', false)).toBeLessThan(big);
  }, 30_000);

  it('gives up after its bound when nobody reads', async () => {
    const run = await runScript(`
      const { spawn } = await import('node:child_process');
      // stdout into a pipe whose reader never reads: a stopped reader at the other end.
      const reader = spawn('sleep', ['30'], { stdio: ['pipe', 'ignore', 'ignore'] });
      Object.defineProperty(process, 'stdout', { value: reader.stdin });
      process.stdout.write('y'.repeat(${big}));
      const started = Date.now();
      await flushStandardStreams(1_000);
      process.stderr.write('waited ' + (Date.now() - started) + '\\n');
      reader.kill();
      exitProcess(0);
    `);
    expect(run.stderr).toMatch(/waited 1\d{3}\n/);
  });
});

import { describe, expect, it } from 'vitest';
import { runToEnd } from '../../support/run-to-end.js';

describe('runToEnd', () => {
  it('returns the exit status and both streams of a child that ends', async () => {
    const run = await runToEnd(process.execPath, ['-e', "process.stdout.write('out'); process.stderr.write('err'); process.exit(3)"]);
    expect(run).toEqual({ status: 3, signal: null, stdout: 'out', stderr: 'err' });
  });

  it('kills a child that does not end in time and rejects naming it, with what it printed', async () => {
    const started = Date.now();
    const hung = runToEnd(process.execPath, ['-e', "process.stdout.write('waiting'); setInterval(() => {}, 1000)"], { timeoutMs: 1_500 });
    await expect(hung).rejects.toThrow(/did not end within 1500 ms and was killed; it printed: waiting\n/);
    // Where it was stuck: each thread by name, with its state and kernel wait.
    await expect(hung).rejects.toThrow(/its threads then \(name:state:kernel wait\): node-MainThread:[RSD]:.*node-V8Worker:/);
    // Well before this test's own timeout: the run is bounded by the child's, not the runner's.
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

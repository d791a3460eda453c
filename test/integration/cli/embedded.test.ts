import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { startCli } from '../../support/cli-process.js';
import { waitFor } from '../../support/wait-for.js';

/** PIDs of every process whose command line mentions `pattern`. */
function pidsMatching(pattern: string): Set<number> {
  try {
    return new Set(execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8', timeout: 10_000, killSignal: 'SIGKILL' }).split('\n').filter(Boolean).map(Number));
  } catch {
    return new Set();
  }
}

describe('workos-kafka embedded (the README main-job command)', () => {
  it('shows events flowing into Kafka and the mirror, and Ctrl-C leaves no process behind', async () => {
    const before = new Set([...pidsMatching('kafka.Kafka'), ...pidsMatching('quarkus-run.jar')]);
    const cli = startCli(['embedded', '--history-events', '600', '--organizations', '8', '--live-rate', '5', '--progress-interval', '1'], {
      LOG_LEVEL: 'warn',
    });
    // Progress lines: events published and mirror rows, once history has been read.
    await waitFor(() => /published [1-9][\d,]* .*mirror \d[\d,]* organizations/.test(cli.output()), `progress in:\n${cli.output()}`, 240_000, 500);
    const started = new Set([...pidsMatching('kafka.Kafka'), ...pidsMatching('quarkus-run.jar')].filter((pid) => !before.has(pid)));
    expect(started.size, 'the embedded run started its own broker and registry').toBeGreaterThanOrEqual(2);

    cli.child.kill('SIGINT');
    expect(await cli.exited, cli.output()).toBe(0);
    expect(cli.output()).toContain('stopped cleanly');
    const leftovers = [...started].filter((pid) => pidsMatching(String(pid)).size > 0 && isAlive(pid));
    expect(leftovers, 'processes left behind').toEqual([]);
    expect(cli.output()).toMatch(/lag mirror \d+, notifier \d+/);
    expect(cli.output()).toMatch(/effects [1-9]/);
    // A person's terminal: the progress display and messages, no JSON log line; the logs are in the file it names.
    expect(cli.output().split('\n').filter((line) => line.trimStart().startsWith('{')), cli.output()).toEqual([]);
    const logPath = /logs \(JSON, level warn\): (\S+)/.exec(cli.output())?.[1];
    expect(logPath, cli.output()).toBeDefined();
    expect(existsSync(logPath as string)).toBe(true);
  }, 300_000);
});

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runToEnd } from '../../support/run-to-end.js';

const root = new URL('../../../', import.meta.url).pathname;

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? filesUnder(join(dir, entry.name)) : [join(dir, entry.name)],
  );
}

/** `bin/workos-kafka` runs the compiled product in dist/, which `npm install` builds (prepare). */
describe('the compiled product', () => {
  beforeAll(async () => {
    // Build exactly as `prepare` does, so this checks today's sources, not a stale dist/.
    const build = await runToEnd(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
      cwd: root,
      timeoutMs: 110_000,
    });
    expect(build.stdout + build.stderr).toBe('');
    expect(build.status).toBe(0);
  }, 120_000);

  it('answers --help through bin/workos-kafka.js, naming every command', async () => {
    const run = await runToEnd(process.execPath, ['bin/workos-kafka.js', '--help'], { cwd: root, timeoutMs: 30_000 });
    expect(run.status).toBe(0);
    for (const command of ['embedded', 'connector', 'directory-mirror', 'notifier', 'reset-cursor', 'replay', 'status']) {
      expect(run.stdout).toContain(command);
    }
  });

  it('keeps the exit-code contract: 2 for an unknown flag or bad settings, listing every problem', async () => {
    const unknownFlag = await runToEnd(process.execPath, ['bin/workos-kafka.js', 'status', '--no-such-flag'], { cwd: root, timeoutMs: 25_000 });
    expect(unknownFlag.status).toBe(2);
    const badConfig = await runToEnd(process.execPath, ['bin/workos-kafka.js', 'connector'], {
      cwd: root,
      timeoutMs: 25_000,
      env: { PATH: process.env.PATH ?? '', KAFKA_BROKERS: 'not a broker list', WORKOS_SNAPSHOT_MODE: 'sometimes', METRICS_PORT: '0' },
    });
    expect(badConfig.status).toBe(2);
    expect(badConfig.stderr).toMatch(/WORKOS_API_KEY/);
    expect(badConfig.stderr).toMatch(/KAFKA_BROKERS/);
    expect(badConfig.stderr).toMatch(/WORKOS_SNAPSHOT_MODE: must be initial, when_needed or never/);
  });

  it('holds JavaScript only, with no TypeScript loader left in it', () => {
    const files = filesUnder(join(root, 'dist'));
    expect(files.some((file) => file.endsWith(join('dist', 'cli', 'main.js')))).toBe(true);
    expect(files.filter((file) => file.endsWith('.ts'))).toEqual([]);
    const loaders = files.filter((file) => file.endsWith('.js') && /from ['"]tsx|import\(['"]tsx|\.ts['"]\)/.test(readFileSync(file, 'utf8')));
    expect(loaders).toEqual([]);
    expect(readFileSync(join(root, 'bin', 'workos-kafka.js'), 'utf8')).not.toMatch(/['"]tsx[/'"]/);
  });
});

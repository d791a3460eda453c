import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const pinned = readFileSync(join(root, '.node-version'), 'utf8').trim();
const packageJson = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  engines: { node: string };
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

describe('the Node runtime', () => {
  it('runs the suite on a supported LTS, and in CI on the one .ci/run provisioned', () => {
    const major = Number(process.versions.node.split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(22);
    // .ci/run sources scripts/use-node.sh, so a CI run must be on exactly the pinned version.
    if (process.env.CI === 'true') expect(process.versions.node).toBe(pinned);
  });

  it('declares Node 22 as the oldest supported line, and pins an LTS at least that new', () => {
    expect(packageJson.engines.node).toBe('>=22.12');
    expect(Number(pinned.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('keeps the TypeScript runner, compiler and test tools out of the runtime dependencies', () => {
    for (const devOnly of ['tsx', 'typescript', 'vitest', 'pino-pretty', 'testcontainers']) {
      expect(packageJson.dependencies).not.toHaveProperty(devOnly);
    }
  });
});

describe('scripts/use-node.sh', () => {
  const cache = mkdtempSync(join(tmpdir(), 'use-node-'));
  afterAll(() => rmSync(cache, { recursive: true, force: true }));

  it('puts a cached Node first on PATH and points native builds at its headers, without fetching again', () => {
    // A stand-in "provisioned" Node: if the script tried to fetch, it would say so on stderr.
    const bin = join(cache, 'node', '99.1.2', 'bin');
    mkdirSync(bin, { recursive: true });
    writeFileSync(join(bin, 'node'), '#!/bin/sh\necho v99.1.2\n');
    chmodSync(join(bin, 'node'), 0o755);
    const out = execFileSync(
      'bash',
      ['-c', 'source scripts/use-node.sh 2>&1; echo "node=$(node --version)"; echo "nodedir=$npm_config_nodedir"'],
      { cwd: root, encoding: 'utf8', timeout: 30_000, killSignal: 'SIGKILL', env: { ...process.env, WORKOS_KAFKA_CACHE: cache, WORKOS_KAFKA_NODE_VERSION: '99.1.2' } },
    );
    expect(out).not.toMatch(/provisioning/);
    expect(out).toContain('node=v99.1.2');
    expect(out).toContain(`nodedir=${join(cache, 'node', '99.1.2')}`);
  });
});

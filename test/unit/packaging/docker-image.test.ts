import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

/**
 * The image cannot be built here (no Docker engine), so its promises are checked on the
 * Dockerfile itself: a multi-stage build whose final stage holds only the compiled product and
 * its runtime dependencies, runs as a non-root user, on the project's Node.
 */
interface Stage {
  readonly name: string;
  readonly from: string;
  readonly lines: readonly string[];
}

function stagesOf(dockerfile: string): Stage[] {
  const args = new Map<string, string>();
  const stages: { name: string; from: string; lines: string[] }[] = [];
  const logical = dockerfile.replace(/\\\n/g, ' ').split('\n').map((line) => line.trim()).filter((line) => line !== '' && !line.startsWith('#'));
  for (const line of logical) {
    const arg = /^ARG (\w+)=(\S+)$/.exec(line);
    if (arg && stages.length === 0) args.set(arg[1]!, arg[2]!);
    const from = /^FROM (\S+)(?: AS (\S+))?$/i.exec(line);
    if (from) {
      const image = from[1]!.replace(/\$\{(\w+)\}/g, (_, name: string) => args.get(name) ?? `\${${name}}`);
      stages.push({ name: from[2] ?? `stage${stages.length}`, from: image, lines: [] });
    } else stages.at(-1)?.lines.push(line);
  }
  return stages;
}

const dockerfile = readFileSync(new URL('../../../Dockerfile', import.meta.url), 'utf8');
const stages = stagesOf(dockerfile);
const final = stages.at(-1)!;
const nodeVersion = readFileSync(new URL('../../../.node-version', import.meta.url), 'utf8').trim();

describe('Dockerfile', () => {
  it('is multi-stage, every stage on the Node version the project provisions', () => {
    expect(stages.length).toBeGreaterThanOrEqual(2);
    for (const stage of stages) {
      const base = stages.find((other) => other.name === stage.from);
      if (base === undefined) expect(stage.from).toBe(`node:${nodeVersion}-bookworm-slim`);
    }
  });

  it('runs as a non-root user in the final stage', () => {
    const user = final.lines.filter((line) => line.startsWith('USER ')).at(-1);
    expect(user).toBeDefined();
    expect(user).not.toMatch(/^USER (root|0)(:|$)/);
  });

  it('copies only the compiled product and runtime dependencies into the final stage', () => {
    const copies = final.lines.filter((line) => line.startsWith('COPY '));
    const sources = copies.map((line) => line.replace(/^COPY (--from=\S+ )?/, '').split(/\s+/)[0]);
    expect(sources.sort()).toEqual(['/app/dist', '/app/node_modules', 'bin', 'package.json']);
    const dependencyStage = /--from=(\S+) \/app\/node_modules/.exec(copies.join('\n'))?.[1];
    const installs = stages.find((stage) => stage.name === dependencyStage)?.lines.join('\n') ?? '';
    expect(installs).toMatch(/npm install[^\n]*--omit=dev/);
    expect(final.lines.join('\n')).not.toMatch(/\b(test|bench|campaign|tsx)\b/);
    expect(final.lines).toContain('ENTRYPOINT ["node", "bin/workos-kafka.js"]');
  });

  it('keeps tests, benchmarks and the campaign out of the build context', () => {
    const ignored = readFileSync(new URL('../../../.dockerignore', import.meta.url), 'utf8').split('\n');
    for (const folder of ['test', 'bench', 'campaign', 'node_modules', 'dist']) expect(ignored).toContain(folder);
  });
});

/**
 * The Prometheus binaries the ops tests run: Debian's `prometheus` package (promtool and the
 * server). A missing binary fails the test saying how to install it; it never skips, so a CI
 * machine without it cannot pass by testing nothing (`.ci/run` installs the package).
 */
import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root. */
export const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
/** The shipped rules, and the directory of their promtool tests. */
export const RULES_FILE = join(REPO_ROOT, 'ops/prometheus/workos-kafka-rules.yml');
export const RULE_TESTS_DIR = join(REPO_ROOT, 'ops/prometheus/tests');
export const DASHBOARD_FILE = join(REPO_ROOT, 'ops/grafana/workos-kafka-dashboard.json');

const INSTALL_HINT = 'install the Debian package: apt-get update && apt-get install -y --no-install-recommends prometheus (.ci/run does this)';

/**
 * Absolute path of `name` in `dirs` (default: PATH, then /usr/bin, where Debian puts it); throws
 * with the install command when absent.
 */
export function requireBinary(name: 'promtool' | 'prometheus', dirs = [...(process.env.PATH ?? '').split(delimiter).filter((dir) => dir !== ''), '/usr/bin']): string {
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not in this directory.
    }
  }
  throw new Error(`${name} not found on PATH; ${INSTALL_HINT}`);
}

/** A finished command: exit code and everything it printed. */
export interface CommandResult {
  readonly code: number | null;
  readonly output: string;
}

/** Runs `promtool <args>` and collects its output; never throws on a non-zero exit. */
export function runPromtool(args: readonly string[], cwd = REPO_ROOT): Promise<CommandResult> {
  const child = spawn(requireBinary('promtool'), args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, output }));
  });
}

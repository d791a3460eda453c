/**
 * A real Prometheus (Debian's `/usr/bin/prometheus`) for one test: its own config, rules and
 * temporary storage on a free loopback port, stopped and deleted when the test ends.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onTestFinished } from 'vitest';
import { freePort } from '../../../support/free-port.js';
import { waitFor } from '../../../support/wait-for.js';
import { requireBinary } from '../../../unit/ops/ops-tools.js';

/** A running Prometheus. */
export interface PrometheusServer {
  readonly url: string;
  /** GET `/api/v1/<path>`; throws unless Prometheus answers `status: success`. */
  api<T>(path: string): Promise<T>;
  /** Everything it logged so far. */
  output(): string;
}

/**
 * Starts Prometheus with `config` (prometheus.yml text; `{{dir}}` stands for its scratch
 * directory) and `files` written beside it, and waits until it is ready.
 */
export async function startPrometheus(config: string, files: Record<string, string> = {}): Promise<PrometheusServer> {
  const binary = requireBinary('prometheus');
  const dir = mkdtempSync(join(tmpdir(), 'workos-prometheus-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  writeFileSync(join(dir, 'prometheus.yml'), config.replaceAll('{{dir}}', dir));
  const port = await freePort();
  const child = spawn(
    binary,
    [`--config.file=${join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${join(dir, 'data')}`, `--web.listen-address=127.0.0.1:${port}`, '--log.level=warn'],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let done = false;
  void exited.then(() => (done = true));
  onTestFinished(async () => {
    if (!done) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  });

  const url = `http://127.0.0.1:${port}`;
  await waitFor(
    async () => {
      if (done) throw new Error(`prometheus exited during start-up:\n${output.slice(-3000)}`);
      return (await fetch(`${url}/-/ready`).catch(() => null))?.status === 200;
    },
    'prometheus to be ready',
    30_000,
    200,
  );
  return {
    url,
    output: () => output,
    async api<T>(path: string): Promise<T> {
      const body = (await (await fetch(`${url}/api/v1/${path}`)).json()) as { status: string; data: T; error?: string };
      if (body.status !== 'success') throw new Error(`prometheus /api/v1/${path}: ${body.error ?? body.status}`);
      return body.data;
    },
  };
}

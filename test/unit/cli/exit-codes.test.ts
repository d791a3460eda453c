/**
 * The exit-code contract of every command (cli/exit-codes.ts): 0 done or stopped cleanly, 1
 * runtime failure, 2 bad usage or configuration. In process through `main` where that is quick
 * and needs no broker, and as real processes for the entry files and the process wiring. The
 * cases that need a broker (clean stops of the roles, the one-shot commands succeeding, the
 * connector failing at run time) are in test/integration/cli/exit-codes.test.ts.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EXIT_CODE_CONTRACT } from '../../../cli/exit-codes.js';
import { main } from '../../../cli/run-cli.js';
import { runCli, startCli } from '../../support/cli-process.js';

const COMMANDS = ['embedded', 'connector', 'directory-mirror', 'notifier', 'reset-cursor', 'replay', 'status'] as const;

/** Settings every in-process case starts from: quiet logs, no metrics port to clash over. */
const QUIET = { LOG_LEVEL: 'silent', METRICS_PORT: '0' };

/** Runs `workos-kafka <argv>` in this process with exactly `env`. */
async function run(argv: readonly string[], env: Record<string, string> = {}, signal?: AbortSignal): Promise<{ code: number; stdout: string; stderr: string }> {
  const stdout: string[] = [];
  const stderr: string[] = [];
  const code = await main(argv, {
    env,
    stdout: (text) => void stdout.push(text),
    stderr: (text) => void stderr.push(text),
    ...(signal === undefined ? {} : { signal }),
  });
  return { code, stdout: stdout.join(''), stderr: stderr.join('') };
}

function stopped(): AbortSignal {
  const controller = new AbortController();
  controller.abort();
  return controller.signal;
}

/** A directory that does not exist, so a SQLite file cannot be opened in it. */
const missingDir = join(mkdtempSync(join(tmpdir(), 'exit-codes-')), 'missing');

// Variables a developer's shell may carry; empty means unset, so each process case sets exactly what it means to.
const CLEAN = { WORKOS_API_KEY: '', KAFKA_BROKERS: '', SCHEMA_REGISTRY_URL: '', DATABASE_URL: '', LOG_LEVEL: '', METRICS_PORT: '0' };

describe('exit code 2: bad usage', () => {
  it.each(COMMANDS)('%s with an unknown flag', async (command) => {
    // replay's --group is required, and commander would report its absence first.
    const { code, stderr } = await run([command, ...(command === 'replay' ? ['--group', 'g'] : []), '--no-such-flag']);
    expect(code, stderr).toBe(2);
    expect(stderr).toContain("unknown option '--no-such-flag'");
  });

  it('an unknown command, a missing required option, an option without its value', async () => {
    expect((await run(['no-such-command'])).code).toBe(2);
    expect((await run(['replay'])).stderr).toContain("required option '--group <id>' not specified");
    expect((await run(['replay'])).code).toBe(2);
    expect((await run(['connector', '--poll-interval-ms'])).code).toBe(2);
  });
});

describe('exit code 2: bad configuration, every problem listed at once', () => {
  const cases: ReadonlyArray<{ command: string; argv: string[]; env: Record<string, string>; problems: string[] }> = [
    { command: 'connector', argv: ['--poll-interval-ms', '-5'], env: { WORKOS_START: 'last tuesday' }, problems: ['WORKOS_API_KEY: is required', 'KAFKA_BROKERS: is required', 'POLL_INTERVAL_MS:', 'WORKOS_START:'] },
    { command: 'directory-mirror', argv: [], env: { DATABASE_URL: 'mysql://x', CONSUMER_CONCURRENCY: 'many' }, problems: ['KAFKA_BROKERS:', 'DATABASE_URL:', 'CONSUMER_CONCURRENCY:'] },
    { command: 'notifier', argv: ['--notifier-max-attempts', '0'], env: { NOTIFIER_WELCOME_URL: 'not a url' }, problems: ['KAFKA_BROKERS:', 'NOTIFIER_WELCOME_URL:', 'NOTIFIER_MAX_ATTEMPTS:'] },
    { command: 'reset-cursor', argv: ['--to-time', 'yesterday'], env: { KAFKA_BROKERS: 'localhost' }, problems: ['KAFKA_BROKERS: must be host:port', '--to-time must be an ISO-8601 timestamp'] },
    { command: 'replay', argv: ['--group', 'g', '--to', 'yesterday'], env: { COMMAND_TIMEOUT_MS: '0' }, problems: ['KAFKA_BROKERS:', 'COMMAND_TIMEOUT_MS:', '--to must be "earliest"'] },
    { command: 'status', argv: ['--brokers', 'localhost'], env: { LOG_LEVEL: 'loud' }, problems: ['KAFKA_BROKERS: must be host:port', 'LOG_LEVEL:'] },
    { command: 'embedded', argv: ['--organizations', '0', '--seed', 'x'], env: { LOG_LEVEL: 'loud' }, problems: ['--organizations:', '--seed:', 'LOG_LEVEL:'] },
  ];

  it.each(cases)('$command', async ({ command, argv, env, problems }) => {
    const { code, stderr } = await run([command, ...argv], env);
    expect(code, stderr).toBe(2);
    expect(stderr).toContain(`invalid ${command} configuration:`);
    for (const problem of problems) expect(stderr).toContain(problem);
    expect(stderr).toContain(`usage: workos-kafka ${command}`);
  });

  it('from a config file, the environment and flags together', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'exit-codes-config-')), 'connector.json');
    writeFileSync(file, JSON.stringify({ KAFKA_BROKERS: '127.0.0.1:9092', WORKOS_START: 'soon', WORKOS_REQUESTS_PER_SECOND: 0, KAFKA_BROKER: 'typo:1' }));
    const { code, stderr } = await run(['connector', '--config', file, '--poll-interval-ms', 'often'], { METRICS_PORT: 'x' });
    expect(code).toBe(2);
    for (const problem of ['unknown setting "KAFKA_BROKER"', 'WORKOS_API_KEY:', 'WORKOS_START:', 'WORKOS_REQUESTS_PER_SECOND:', 'POLL_INTERVAL_MS:', 'METRICS_PORT:']) expect(stderr).toContain(problem);
    expect(stderr).not.toContain('KAFKA_BROKERS:');
  });
});

describe('exit code 0: help, and a stop asked for before the work began', () => {
  it.each(COMMANDS)('%s --help', async (command) => {
    const { code, stdout } = await run([command, '--help']);
    expect(code).toBe(0);
    expect(stdout).toContain(`Usage: workos-kafka ${command}`);
  });

  it('connector --help shows each setting with its variable and default, and --config', async () => {
    const { stdout } = await run(['connector', '--help']);
    expect(stdout).toMatch(/--workos-start <value>\s+with no stored cursor: now \| earliest \| ISO-8601 timestamp\s+\[env WORKOS_START; default earliest\]/);
    expect(stdout).toMatch(/--poll-interval-ms <ms>\s+.*\[env POLL_INTERVAL_MS; default 5000 ms\]/);
    expect(stdout).toContain('[env KAFKA_BROKERS; required]');
    expect(stdout).toContain('--config <file>');
  });

  it('workos-kafka --help lists every command and the exit codes', async () => {
    const { code, stdout } = await run(['--help']);
    expect(code).toBe(0);
    for (const command of COMMANDS) expect(stdout).toContain(command);
    expect(stdout).toContain(EXIT_CODE_CONTRACT);
  });

  it('connector', async () => {
    // The broker is never contacted: the stop comes before start-up.
    const { code, stderr } = await run(['connector'], { ...QUIET, WORKOS_API_KEY: 'sk_test', KAFKA_BROKERS: '127.0.0.1:1' }, stopped());
    expect(code, stderr).toBe(0);
  });

  it('embedded', async () => {
    const { code, stdout } = await run(['embedded'], QUIET, stopped());
    expect(code).toBe(0);
    expect(stdout).not.toContain('starting a local Kafka broker');
  });
});

describe('exit code 1: runtime failure', () => {
  it.each(['directory-mirror', 'notifier'])('%s whose database cannot be opened', async (command) => {
    const { code, stderr } = await run([command], { ...QUIET, KAFKA_BROKERS: '127.0.0.1:1', SQLITE_PATH: join(missingDir, 'consumers.sqlite') });
    expect(code).toBe(1);
    expect(stderr).toContain(`workos-kafka ${command}: Cannot open database because the directory does not exist`);
  });
});

// Concurrent: each case is mostly a process starting up.
describe.concurrent('as processes: the entry files go through the same parse path and exit codes', { timeout: 30_000 }, () => {
  it.each([
    ['connector/main.ts', ['--log-level', 'loud'], ['WORKOS_API_KEY: is required', 'LOG_LEVEL:']],
    // The consumers used to exit 1 on a bad configuration.
    ['consumers/directory-mirror/main.ts', ['--consumer-concurrency', '0'], ['KAFKA_BROKERS: is required', 'CONSUMER_CONCURRENCY:']],
    ['consumers/notifier/main.ts', ['--consumer-concurrency', '0'], ['KAFKA_BROKERS: is required', 'CONSUMER_CONCURRENCY:']],
  ])('%s with a bad configuration exits 2', async (entry, argv, problems) => {
    const { code, output } = await runCli(argv, CLEAN, entry);
    expect(code, output).toBe(2);
    for (const problem of problems) expect(output).toContain(problem);
  });

  it('connector/reset-cursor-main.ts with an unknown flag exits 2', async () => {
    const { code, output } = await runCli(['--to-time', '2020-01-01T00:00:00Z', '--force'], CLEAN, 'connector/reset-cursor-main.ts');
    expect(code, output).toBe(2);
    expect(output).toContain("unknown option '--force'");
  });

  it('cli/main.ts with an unknown command exits 2', async () => {
    expect((await runCli(['no-such-command'], CLEAN)).code).toBe(2);
  });

  it.each([
    ['status', []],
    ['replay', ['--group', 'g']],
    ['reset-cursor', ['--to-time', '2020-01-01T00:00:00Z']],
  ])('%s exits 1 when the broker does not answer within COMMAND_TIMEOUT_MS', async (command, argv) => {
    const { code, output } = await runCli([command, ...argv], { ...CLEAN, KAFKA_BROKERS: '127.0.0.1:1', COMMAND_TIMEOUT_MS: '300', LOG_LEVEL: 'fatal' });
    expect(code, output).toBe(1);
    expect(output).toContain('did not finish within 300 ms (COMMAND_TIMEOUT_MS)');
  });

  it('embedded exits 1 when the local stack cannot be installed', async () => {
    const { code, output } = await runCli(['embedded'], { ...CLEAN, WORKOS_KAFKA_CACHE: '/dev/null/cache' });
    expect(code, output).toBe(1);
    expect(output).toContain('workos-kafka embedded: ENOTDIR');
  });

  it('a second SIGTERM while stopping exits at once with 130', async () => {
    // The connector keeps retrying an unreachable broker for seconds: a stop request waits for that.
    const cli = startCli(['connector'], { ...CLEAN, WORKOS_API_KEY: 'sk_test', KAFKA_BROKERS: '127.0.0.1:1', LOG_LEVEL: 'info' });
    await waitForOutput(() => cli.output().includes('metrics server disabled'));
    cli.child.kill('SIGTERM');
    await waitForOutput(() => cli.output().includes('stopping: finishing the page in hand'));
    cli.child.kill('SIGTERM');
    expect(await cli.exited, cli.output()).toBe(130);
  });
});

async function waitForOutput(done: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('no such output in time');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

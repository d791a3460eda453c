/**
 * `npm run campaign`: the fault campaign. The connector, the directory mirror and the notifier run
 * as real processes against a WorkOS emulator and a real broker while they are SIGKILLed at random
 * moments, WorkOS answers storms of 429 and 5xx, and the broker restarts; afterwards an
 * independent reader and models built from the emulator's ground truth check that nothing was
 * lost, duplicated or reordered, that the mirror is exact and that no effect ran twice.
 * Prints a table, writes `campaign/results/<timestamp>.json`, exits 1 on any violation.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { exitProcess, exitWhenPrinted } from '../core/exit-process.js';
import { openCampaignEnv } from './campaign-env.js';
import { runChaos } from './chaos.js';
import { runChecks, violationsOf } from './checks.js';
import { startEffectReceiver } from './effect-receiver.js';
import { finishRun } from './finish.js';
import { parseCampaignOptions, USAGE } from './options.js';
import { createPipeline } from './pipeline.js';
import { doorbellReport, planDoorbell, startCampaignWebhooks } from './doorbell.js';
import { formatReport, writeJsonReport } from './report.js';
import { say } from './say.js';
import { createCampaignWorld, type CampaignWorld } from './world.js';

// The consumers' dead-letter producers use kafkajs' default partitioner; its notice is noise here.
process.env.KAFKAJS_NO_PARTITIONER_WARNING ??= '1';

async function main(argv: readonly string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const options = parseCampaignOptions(argv);
  const startedAt = new Date();
  const abort = new AbortController();
  const onSignal = (): void => {
    say('interrupted: stopping every process this run started…');
    abort.abort();
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const interrupted = (): void => {
    if (abort.signal.aborted) throw new Error('interrupted');
  };
  const workDir = mkdtempSync(join(tmpdir(), 'workos-campaign-'));
  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  let keepLogs = true;
  try {
    const env = await openCampaignEnv();
    cleanups.push(() => env.close());
    const stackMs = env.stackStartMs;
    interrupted();
    const history = Math.round(options.events * options.historyShare);
    const world = await createCampaignWorld({ ...options, historyEvents: history });
    cleanups.push(() => world.close());
    const receiver = await startEffectReceiver();
    cleanups.push(() => receiver.close());
    const admin = env.admin();
    await admin.connect();
    cleanups.push(() => admin.disconnect());
    const doorbell = await planDoorbell();
    const pipeline = createPipeline(options, env, world.emulator, receiver.url, workDir, doorbell);
    cleanups.push(() => pipeline.dropDatabase());
    cleanups.push(() => Promise.all([pipeline.connector, pipeline.connectorReplica, pipeline.mirror, pipeline.notifier].map((role) => role.terminate(5_000))));
    // From the first live event on (the history is older than the webhooks).
    const webhooks = startCampaignWebhooks(world.emulator.store, doorbell, options.seed);
    cleanups.push(() => webhooks.stop());
    say(`run ${env.names.runId}: ${options.events} events (${history} history), live over ${options.liveSeconds} s; logs in ${workDir}`);

    const chaos = await runChaos(options, env, world, pipeline, admin, abort.signal);
    interrupted();
    const finish = await finishRun(env, world, pipeline, admin, 600_000, abort.signal);
    interrupted();
    await webhooks.stop();
    const { store, stats } = world.emulator;
    const checks = await runChecks(store, finish, pipeline, receiver, admin, env.names, env.registryUrl);
    const unplannedExits = [pipeline.connector, pipeline.connectorReplica, pipeline.mirror, pipeline.notifier].flatMap((role) => role.unplannedExits);
    const violations = violationsOf(checks, finish, chaos, pipeline.notifier.unplannedExits.length);
    // A replica that loses the lease or is fenced stands by; none may exit by itself.
    const replicaExits = [pipeline.connector, pipeline.connectorReplica].flatMap((role) => role.unplannedExits).length;
    if (replicaExits > 0) violations.push(`connector replicas that exited by themselves: ${replicaExits}`);
    const { read, ...finishFigures } = finish;
    const totalMs = Date.now() - startedAt.getTime();
    const report = {
      startedAt: startedAt.toISOString(),
      command: `npm run campaign${argv.length > 0 ? ` -- ${argv.join(' ')}` : ''}`,
      options,
      environment: {
        cores: cpus().length,
        cpu: cpus()[0]?.model.trim() ?? 'unknown',
        node: process.version,
        stack: env.source,
        brokers: env.brokers,
        registryUrl: env.registryUrl,
        database: pipeline.database.kind,
        runId: env.names.runId,
      },
      served: { total: store.size, history, live: store.size - history },
      faultsServed: { total: stats.total, '429': stats.count(429), '500': stats.count(500), '502': stats.count(502) },
      doorbell: doorbellReport(webhooks),
      durationsMs: { total: totalMs, stack: stackMs },
      chaos,
      finish: { ...finishFigures, committedRecords: read.records.length },
      checks,
      unplannedExits,
      violations,
      logs: workDir,
    };
    if (options.verbose) writeRequestLog(world, join(workDir, 'emulator-requests.log'));
    process.stdout.write(formatReport(report));
    process.stdout.write(`\nJSON: ${writeJsonReport(report)}\n`);
    keepLogs = options.verbose || violations.length > 0 || unplannedExits.length > 0;
    if (keepLogs) process.stdout.write(`logs kept in ${workDir}\n`);
    return violations.length === 0 ? 0 : 1;
  } finally {
    for (const cleanup of cleanups.reverse()) await Promise.resolve().then(cleanup).catch((err: unknown) => say(`cleanup failed: ${String(err)}`));
    if (!keepLogs) rmSync(workDir, { recursive: true, force: true });
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

/** The emulator's recent requests, one line each: outcome, the `after` position, events served. */
function writeRequestLog(world: CampaignWorld, path: string): void {
  const { log, total } = world.emulator.stats;
  const lines = log.map((entry, i) => {
    const after = new URL(entry.url, 'http://emulator.invalid').searchParams.get('after');
    return `#${total - log.length + i} ${entry.outcome} after=${after === null ? '-' : world.emulator.store.indexOf(after) + 1} served=${entry.ids.length}`;
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
}

main(process.argv.slice(2)).then(
  exitWhenPrinted,
  (err: unknown) => {
    const interrupted = err instanceof Error && err.message === 'interrupted';
    process.stderr.write(interrupted ? 'campaign interrupted\n' : `campaign failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    exitProcess(interrupted ? 130 : 2);
  },
);

/**
 * The chaos window: while the live part of the stream arrives, the connector, the mirror and the
 * notifier are SIGKILLed and restarted at random moments, WorkOS answers storms of 429s and 5xx,
 * and the broker is restarted once (local stack only).
 */
import type { Admin } from 'kafkajs';
import { createRng } from '../emulator/index.js';
import type { CampaignEnv } from './campaign-env.js';
import { startFaultStorms, type FaultStorms } from './fault-storms.js';
import { committedSum } from './group-offsets.js';
import { startKillLoop, type KillLoop, type KillStats } from './kill-loop.js';
import type { CampaignOptions } from './options.js';
import type { Pipeline } from './pipeline.js';
import { connectorReadPosition, startProgressLines } from './progress-lines.js';
import { say } from './say.js';
import { sleep, waitUntil } from './wait.js';
import type { CampaignWorld } from './world.js';

/** One broker restart. */
export interface BrokerRestart {
  readonly mode: 'kill' | 'graceful';
  readonly atSecond: number;
  /** From the stop until the restarted broker answered a metadata request. */
  readonly downMs: number;
}

/** What the window did. */
export interface ChaosResult {
  readonly kills: { connector: KillStats; mirror: KillStats; notifier: KillStats };
  readonly brokerRestarts: BrokerRestart[];
  readonly brokerRestartSkipped?: string;
  readonly stormBursts: Readonly<Record<string, number>>;
  readonly durationMs: number;
}

/** Runs the window; returns once every kill loop ended and the live stream is complete. */
export async function runChaos(options: CampaignOptions, env: CampaignEnv, world: CampaignWorld, pipeline: Pipeline, admin: Admin, signal: AbortSignal): Promise<ChaosResult> {
  const rng = createRng(options.seed ^ 0xc4a05);
  const started = Date.now();
  const liveEnd = started + options.liveSeconds * 1000;
  const { emulator } = world;
  const { names } = env;
  const reportKill =
    (role: string) =>
    (info: { kills: number; kind: string; position: number | undefined; livedMs: number }): void => {
      if (options.verbose) say(`SIGKILL ${role} #${info.kills} (${info.kind}) after ${info.livedMs} ms at position ${info.position ?? '?'}, WorkOS request #${emulator.stats.total}`);
    };
  // Real WorkOS takes tens of milliseconds per page; the jitter moves kills around the page cycle.
  emulator.faults.setLatency(20, 80);
  world.startLive();
  // The second replica runs throughout, never killed by the chaos: it takes over at each kill of the first.
  pipeline.connectorReplica.start();
  const connector = startKillLoop({
    role: pipeline.connector,
    target: options.connectorKills,
    // Progress = two pages served to this process: by the second, the first is being committed or
    // is, so the stream advances between kills and they land at many different positions.
    progress: async () => emulator.stats.count(200),
    progressStep: 2,
    spreadUntilMs: liveEnd,
    deadlineMs: liveEnd + 600_000,
    maxProgressWaitMs: 30_000,
    startupShare: 0.15,
    restartDelayMs: [100, 1_000],
    // The first transaction of a process restarted after a SIGKILL took 0.3–7 s here (measured from
    // the emulator's request log); a shorter life would rarely let a process commit anything.
    minLifeMs: 4_000,
    position: async () => connectorReadPosition(world),
    onKill: reportKill('connector'),
    rng,
    signal,
  });
  const storms: FaultStorms = startFaultStorms(emulator.faults, rng, options.quick ? 10_000 : 15_000);
  // The consumers subscribe to a topic the connector creates; they start once it exists.
  await waitUntil(async () => (await admin.listTopics()).includes(names.eventsTopic), 120_000, 250, signal);
  const consumerLoop = (role: Pipeline['mirror'], groupId: string): KillLoop =>
    startKillLoop({
      role,
      target: options.consumerKills,
      progress: () => committedSum(admin, groupId, names.eventsTopic),
      spreadUntilMs: liveEnd,
      deadlineMs: liveEnd + (options.quick ? 60_000 : 240_000),
      maxProgressWaitMs: 90_000,
      // A kill mid-work costs ~30 s (the group waits for the dead member's session to expire); a
      // kill before the new process joined the group costs only its start, so more of those fit.
      startupShare: 0.35,
      restartDelayMs: [100, 2_000],
      minLifeMs: 3_000,
      position: () => committedSum(admin, groupId, names.eventsTopic),
      onKill: reportKill(role.role),
      rng,
      signal,
    });
  const mirror = consumerLoop(pipeline.mirror, names.mirrorGroup);
  const notifier = consumerLoop(pipeline.notifier, names.notifierGroup);
  const lines = startProgressLines({ world, admin, names, kills: { connector: connector.stats, mirror: mirror.stats, notifier: notifier.stats }, started });

  const brokerRestarts: BrokerRestart[] = [];
  let brokerRestartSkipped: string | undefined;
  if (options.brokerRestart === 'none') brokerRestartSkipped = 'disabled (--broker-restart none)';
  else if (env.localBroker === undefined) brokerRestartSkipped = 'the broker came from KAFKA_BROKERS; only the local stack can be restarted';
  let brokerError: unknown;
  const brokerDone = (async () => {
    const broker = env.localBroker;
    if (brokerRestartSkipped !== undefined || broker === undefined) return say(`broker restart skipped: ${brokerRestartSkipped}`);
    await sleep(options.liveSeconds * 1000 * (0.35 + 0.3 * rng.next()), signal);
    if (signal.aborted) return;
    const mode = options.brokerRestart === 'graceful' ? 'graceful' : 'kill';
    say(`restarting the broker (${mode})…`);
    const down = Date.now();
    await broker.restart({ kill: mode === 'kill' });
    brokerRestarts.push({ mode, atSecond: Math.round((down - started) / 1000), downMs: Date.now() - down });
    say(`broker back after ${((Date.now() - down) / 1000).toFixed(1)} s`);
  })().catch((err: unknown) => {
    brokerError = err;
  });

  await Promise.race([world.done, new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }))]);
  storms.stop();
  say(`live stream complete: ${emulator.store.size} events; waiting for the kill loops to finish`);
  const [connectorStats, mirrorStats, notifierStats] = await Promise.all([connector.done, mirror.done, notifier.done, brokerDone]);
  lines.stop();
  if (brokerError !== undefined) throw brokerError;
  return {
    kills: { connector: connectorStats, mirror: mirrorStats, notifier: notifierStats },
    brokerRestarts,
    ...(brokerRestartSkipped === undefined ? {} : { brokerRestartSkipped }),
    stormBursts: storms.bursts,
    durationMs: Date.now() - started,
  };
}

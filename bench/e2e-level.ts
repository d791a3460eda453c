/**
 * One load level of the end-to-end benchmark. Fresh names, topic, database, emulator, connector
 * and mirror processes; the pipeline is warmed with a short history, left idle, then offered a
 * live stream for a fixed time. The bench polls the mirror's progress rows and times every
 * offered event from its appearance at the emulator to its rows being visible in the mirror.
 * The roles' memory is read from /proc: at idle start, and the peak over the load.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sleep } from '../campaign/wait.js';
import type { SqlClient } from '../consumers/db/sql-client.js';
import { createMirrorReader } from '../consumers/directory-mirror/mirror-queries.js';
import type { MirrorReader } from '../consumers/directory-mirror/mirror-store.js';
import { say, type BenchEnv } from './bench-env.js';
import { freshDatabase } from './databases.js';
import { createE2eRoles, doorbellUrl, type E2eConnectorSettings, type E2eRoles } from './e2e-roles.js';
import { CONNECTOR_EVENTS_TOPIC_CONFIG, createBenchTopic } from './kafka-records.js';
import { startLiveEmulator, type LiveEmulator } from './live-emulator.js';
import type { StreamStats } from './live-emulator-child.js';
import type { BenchDatabase } from './options.js';
import { readProcessMemory, resetPeakMemory, type ProcessMemory } from './proc-memory.js';
import { perSecond } from './stats.js';
import { allVisible, lastIdPerPartition, ProgressLog, visibilityLatencies, type PollPace } from './visibility.js';
import { splitLatencies, type LatencySplit } from './e2e-split.js';

/** Fixed parts of every level (printed with the results). */
export const E2E_FIXED = Object.freeze({
  /** Bench poll of the mirror's progress during the load and the drain, ms. */
  progressPollMs: 2,
  /** ... and while waiting for the warm-up history, ms. */
  warmUpPollMs: 50,
  historyEvents: 200,
  organizations: 60,
  seed: 29,
  /** Idle time between the warm-up and the idle memory reading, ms. */
  idleSettleMs: 3_000,
  /**
   * The steady-state percentiles leave out the events of the stream's first 5 s: after the idle
   * settle the connector is in a wait of up to seconds (its ramp towards POLL_INTERVAL_MS), and
   * whether that wait's remainder lands in a p99 of 6,000 events depends on its phase alone.
   */
  steadyAfterMs: 5_000,
  /** Longest wait for the history to reach the mirror (process start-up, group join), ms. */
  startTimeoutMs: 180_000,
  /** Longest wait, after the stream stopped, for every offered event to become visible, ms. */
  drainTimeoutMs: 120_000,
  /**
   * With the doorbell: how long the idle pipeline's `GET /events` are counted, from
   * `doorbellIdleDelayMs` after the drain (past the stream's last rings), ms. Three long intervals,
   * so where the window falls against the 60 s polls moves the count by at most one.
   */
  doorbellIdleMs: 180_000,
  doorbellIdleDelayMs: 5_000,
});

/** What a level is run with. */
export interface LevelSettings extends E2eConnectorSettings {
  readonly eventsPerSecond: number;
  readonly seconds: number;
  readonly database: BenchDatabase;
  readonly databaseUrl: string;
}

/** One role's memory, MiB. */
export interface RoleMemory {
  /** RSS once the warmed-up pipeline is idle, before the load. */
  readonly idleMiB: number;
  /** Peak RSS from process start to the idle reading (start-up and warm-up). */
  readonly startupPeakMiB: number;
  /** Peak RSS over the load and the drain (from process start if the reset was refused). */
  readonly loadPeakMiB: number;
}

/** How one level went. */
export interface LevelResult {
  readonly eventsPerSecond: number;
  readonly offered: number;
  /** Offered events over the stream's duration (timed by the emulator). */
  readonly offeredPerSecond: number;
  readonly seen: number;
  /** Per seen event: poll that first showed it − the emulator's append, ms. */
  readonly latenciesMs: readonly number[];
  /**
   * The latencies of the events appended after the stream's first {@link E2E_FIXED}.steadyAfterMs:
   * the first events may find an idle connector in a long wait (its ramp towards POLL_INTERVAL_MS
   * before the stream began), which a 60 s stream's p99 can be made of.
   */
  readonly steadyLatenciesMs: readonly number[];
  /** The same latencies split at the `GET /events` answer that first served each event. */
  readonly split: LatencySplit;
  /** Stream stopped → last event visible (or the timeout), ms. */
  readonly drainMs: number;
  /** Processes started → the warm-up history visible in the mirror, ms. */
  readonly startupMs: number;
  readonly pollPace: PollPace;
  /** The stream's duration, the `GET /events` requests answered meanwhile and how many were empty pages. */
  readonly stream: StreamStats;
  readonly connector: RoleMemory;
  readonly mirror: RoleMemory;
  /** Whether the peaks were reset after the idle reading. */
  readonly peakReset: boolean;
  /** Anything that makes the figures incomplete or doubtful. */
  readonly problems: readonly string[];
  /** With the doorbell: `GET /events` answered over an idle window right after the drain. */
  readonly idle?: { readonly ms: number; readonly requests: number };
}

/** Polls the mirror's progress rows into whichever log is current. */
interface Poller {
  log: ProgressLog;
  intervalMs: number;
  /** Failed polls since the last `resetErrors`, and the last error. */
  readonly errors: { count: number; last: string };
  resetErrors(): void;
  stop(): Promise<void>;
}

function startPoller(reader: MirrorReader, group: string, log: ProgressLog, intervalMs: number): Poller {
  let running = true;
  const poller: Poller = {
    log,
    intervalMs,
    errors: { count: 0, last: '' },
    resetErrors() {
      poller.errors.count = 0;
    },
    stop: async () => {
      running = false;
      await loop;
    },
  };
  const loop = (async () => {
    while (running) {
      // Polls start every `intervalMs` (a slow query eats into the wait instead of adding to it).
      const nextAt = Date.now() + poller.intervalMs;
      try {
        const rows = await reader.progress(group);
        // The moment this poll returned: the event's rows were visible at the latest then.
        poller.log.observe(rows, Date.now());
      } catch (err) {
        // Before the mirror's first migration the table does not exist yet.
        poller.errors.count += 1;
        poller.errors.last = err instanceof Error ? err.message : String(err);
      }
      await sleep(nextAt - Date.now());
    }
  })();
  return poller;
}

function assertAlive(roles: E2eRoles): void {
  for (const role of [roles.connector, roles.mirror]) {
    const exit = role.unplannedExits[0];
    if (exit !== undefined) throw new Error(`the ${role.role} process exited on its own (${exit.exit}); its last log lines:\n${exit.tail}`);
  }
}

function memoryOf(roles: E2eRoles): { connector: ProcessMemory; mirror: ProcessMemory } {
  assertAlive(roles);
  return { connector: readProcessMemory(roles.connector.pid as number), mirror: readProcessMemory(roles.mirror.pid as number) };
}

/** Waits until `done()` or `timeoutMs`, failing at once if a role dies; returns whether it happened and when. */
async function waitWhileAlive(roles: E2eRoles, done: () => boolean, timeoutMs: number): Promise<{ ok: boolean; ms: number }> {
  const started = Date.now();
  for (;;) {
    assertAlive(roles);
    if (done()) return { ok: true, ms: Date.now() - started };
    if (Date.now() - started >= timeoutMs) return { ok: false, ms: Date.now() - started };
    await sleep(20);
  }
}

/** Runs one level; throws when the pipeline cannot be started or a role dies. */
export async function runLevel(env: BenchEnv, settings: LevelSettings): Promise<LevelResult> {
  const tag = `e2e-r${settings.eventsPerSecond}${settings.doorbell === undefined ? '' : '-bell'}`;
  const names = {
    connector: env.name(`conn-${tag}`),
    eventsTopic: env.name(`events-${tag}`),
    cursorTopic: env.name(`cursor-${tag}`),
    mirrorGroup: env.name(`mirror-${tag}`),
  };
  env.dropTopicsLater(names.cursorTopic, `${names.mirrorGroup}.dlq`);
  env.dropGroupsLater(names.mirrorGroup);
  const workDir = mkdtempSync(join(tmpdir(), 'workos-bench-e2e-'));
  const database = freshDatabase(env, settings.database, settings.databaseUrl);
  let emulator: LiveEmulator | undefined;
  let roles: E2eRoles | undefined;
  let readerDb: SqlClient | undefined;
  let poller: Poller | undefined;
  try {
    emulator = await startLiveEmulator({
      seed: E2E_FIXED.seed,
      organizations: E2E_FIXED.organizations,
      historyEvents: E2E_FIXED.historyEvents,
      partitions: settings.partitions,
    });
    // Created here (the connector accepts an existing topic): a busy broker can briefly answer
    // UNKNOWN_TOPIC_OR_PARTITION for a new topic, and the mirror must find it when it subscribes.
    await createBenchTopic(env, names.eventsTopic, settings.partitions, CONNECTOR_EVENTS_TOPIC_CONFIG);
    roles = createE2eRoles(env, emulator, names, database.config, settings, workDir);
    const started = Date.now();
    roles.connector.start();
    roles.mirror.start();
    readerDb = await database.open();
    const warmLog = new ProgressLog();
    poller = startPoller(createMirrorReader(readerDb), names.mirrorGroup, warmLog, E2E_FIXED.warmUpPollMs);
    say(`e2e ${settings.eventsPerSecond}/s: connector and mirror processes started; waiting for the ${emulator.history.ids.length}-event history to reach the mirror…`);
    const historyLastIds = lastIdPerPartition(emulator.history);
    const warm = await waitWhileAlive(roles, () => allVisible(historyLastIds, warmLog), E2E_FIXED.startTimeoutMs);
    if (!warm.ok) {
      throw new Error(
        `the history did not reach the mirror within ${E2E_FIXED.startTimeoutMs / 1000} s (last poll error: ${poller.errors.last || 'none'})\n` +
          `connector log:\n${roles.connector.tail()}\nmirror log:\n${roles.mirror.tail()}`,
      );
    }
    const startupMs = Date.now() - started;
    await sleep(E2E_FIXED.idleSettleMs);
    const idle = memoryOf(roles);
    const peakReset = resetPeakMemory(roles.connector.pid as number) && resetPeakMemory(roles.mirror.pid as number);

    const log = new ProgressLog();
    poller.log = log;
    poller.intervalMs = E2E_FIXED.progressPollMs;
    poller.resetErrors();
    say(`e2e ${settings.eventsPerSecond}/s: idle RSS connector ${idle.connector.rssMiB.toFixed(0)} MiB, mirror ${idle.mirror.rssMiB.toFixed(0)} MiB; offering ${settings.eventsPerSecond} events/s for ${settings.seconds} s…`);
    await emulator.start(settings.eventsPerSecond, settings.doorbell === undefined ? undefined : { url: doorbellUrl(settings.doorbell), secret: settings.doorbell.secret });
    await waitWhileAlive(roles, () => false, settings.seconds * 1000);
    const { offered, stream } = await emulator.stop();
    // Computed once: the drain checks it every 20 ms.
    const offeredLastIds = lastIdPerPartition(offered);
    const drain = await waitWhileAlive(roles, () => allVisible(offeredLastIds, log), E2E_FIXED.drainTimeoutMs);
    const peak = memoryOf(roles);
    await poller.stop();
    const split = splitLatencies(offered, await emulator.servedAt(), log);

    let idleRequests: { ms: number; requests: number } | undefined;
    if (settings.doorbell !== undefined) {
      say(`e2e ${settings.eventsPerSecond}/s with the doorbell: counting idle requests for ${E2E_FIXED.doorbellIdleMs / 1000} s…`);
      await waitWhileAlive(roles, () => false, E2E_FIXED.doorbellIdleDelayMs);
      const before = await emulator.eventRequests();
      const idleWait = await waitWhileAlive(roles, () => false, E2E_FIXED.doorbellIdleMs);
      idleRequests = { ms: idleWait.ms, requests: (await emulator.eventRequests()) - before };
    }
    const { latenciesMs, unseen } = visibilityLatencies(offered, log);
    const problems: string[] = [];
    if (unseen > 0) {
      problems.push(`NOT ALL EVENTS ARRIVED: ${unseen} of ${offered.ids.length} offered events were not visible in the mirror ${E2E_FIXED.drainTimeoutMs / 1000} s after the stream stopped; they are left out of the percentiles`);
    } else {
      // Every partition must end exactly at its last offered event, or the partition mapping is wrong.
      const off = [...offeredLastIds].filter(([partition, id]) => log.applied(partition) !== id).length;
      if (off > 0) problems.push(`the mirror's progress disagrees with the computed partitions in ${off} partition(s): latencies are unreliable`);
    }
    if (poller.errors.count > 0) problems.push(`${poller.errors.count} progress polls failed during the load (last: ${poller.errors.last})`);
    say(`e2e ${settings.eventsPerSecond}/s: ${offered.ids.length} offered, ${latenciesMs.length} seen; drain ${drain.ms} ms`);
    const memory = (role: 'connector' | 'mirror'): RoleMemory => ({
      idleMiB: idle[role].rssMiB,
      startupPeakMiB: idle[role].peakMiB,
      loadPeakMiB: peak[role].peakMiB,
    });
    return {
      eventsPerSecond: settings.eventsPerSecond,
      offered: offered.ids.length,
      offeredPerSecond: perSecond(offered.ids.length, stream.ms),
      seen: latenciesMs.length,
      latenciesMs,
      steadyLatenciesMs: visibilityLatencies(offered, log, (offered.visibleAtMs[0] ?? 0) + E2E_FIXED.steadyAfterMs).latenciesMs,
      split,
      drainMs: drain.ms,
      startupMs,
      pollPace: log.pace(),
      stream,
      connector: memory('connector'),
      mirror: memory('mirror'),
      peakReset,
      problems,
      ...(idleRequests === undefined ? {} : { idle: idleRequests }),
    };
  } finally {
    await poller?.stop();
    if (roles !== undefined) {
      const exits = await Promise.all([roles.connector.terminate(20_000), roles.mirror.terminate(20_000)]);
      if (exits.some((exit) => exit !== 0 && exit !== null)) say(`e2e ${settings.eventsPerSecond}/s: roles stopped with ${exits.join(', ')}`);
    }
    await emulator?.close();
    await readerDb?.close().catch(() => undefined);
    await database.drop().catch((err: unknown) => say(`dropping the e2e database failed: ${String(err)}`));
    rmSync(workDir, { recursive: true, force: true });
  }
}

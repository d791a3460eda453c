/**
 * One in-process connector run from a fresh cursor with the default snapshot mode, against the
 * snapshot emulator, until its first snapshot completes. Timed on the wall clock from the
 * snapshot's `started_at` (stored before it reads anything) to the moment the connector reports
 * its last step committed; the completion is then checked against the cursor topic's
 * `last_snapshot`.
 */
import { loadConnectorConfig } from '../connector/config.js';
import { controlGroupFor } from '../connector/control/control-topic.js';
import { createConnector, transactionalIdFor } from '../connector/create-connector.js';
import { snapshotSubjects } from '../connector/snapshot/snapshot-codecs.js';
import type { SnapshotCursor } from '../connector/snapshot/snapshot-progress.js';
import { workosApiEnvFor } from '../emulator/api-env.js';
import { say, type BenchEnv } from './bench-env.js';
import type { SnapshotEmulator } from './snapshot-emulator.js';

/** How one run went. */
export interface SnapshotRun {
  /** `run()` called → snapshot begun (topics, transactional init, cursor, the empty event reads), ms. */
  readonly startupMs: number;
  /** Snapshot begun → last step committed, ms. */
  readonly elapsedMs: number;
  /** Entities published (the snapshot's rows) and list requests, as the connector counted them. */
  readonly rows: number;
  readonly requests: number;
  /** Mean WorkOS request duration (HTTP round trip incl. emulated latency) during the snapshot, ms. */
  readonly meanRequestMs: number;
  /** Set when `run()` rejected after the abort instead of returning (it should return). */
  readonly stopError: string | undefined;
}

// No committed step for this long means something is wrong, not slow.
const STALL_MS = 120_000;

/** {@link runSnapshotOnce}, again with fresh names when start-up fails (before the snapshot begins); start-up is not what is measured. */
export async function runSnapshotMeasured(env: BenchEnv, emulator: SnapshotEmulator, requestsPerSecond: number, tag: string): Promise<SnapshotRun & { startupFailures: string[] }> {
  const startupFailures: string[] = [];
  for (let attempt = 1; ; attempt += 1) {
    try {
      return { ...(await runSnapshotOnce(env, emulator, requestsPerSecond, attempt === 1 ? tag : `${tag}-a${attempt}`)), startupFailures };
    } catch (err) {
      if (!(err instanceof StartupFailure) || attempt >= 3) throw err;
      startupFailures.push(err.message);
      say(`connector start-up failed (${err.message}); trying again with fresh names`);
    }
  }
}

/** A run that failed before its snapshot began. */
class StartupFailure extends Error {}

/** Runs a fresh connector (new name, new topics) until its snapshot completes, then stops it. */
export async function runSnapshotOnce(env: BenchEnv, emulator: SnapshotEmulator, requestsPerSecond: number, tag: string): Promise<SnapshotRun> {
  const names = { connector: env.name(`snap-${tag}`), events: env.name(`snap-events-${tag}`), cursor: env.name(`snap-cursor-${tag}`), control: env.name(`snap-control-${tag}`) };
  env.dropTopicsLater(names.events, names.cursor, names.control);
  env.dropGroupsLater(controlGroupFor(transactionalIdFor(names.connector)));
  env.dropSubjectsLater(...Object.values(snapshotSubjects(names.events)));
  // Everything else is the connector's default, the snapshot mode (`initial`) included.
  const config = loadConnectorConfig({
    ...workosApiEnvFor(emulator),
    KAFKA_BROKERS: env.brokers.join(','),
    SCHEMA_REGISTRY_URL: env.registryUrl,
    CONNECTOR_NAME: names.connector,
    WORKOS_EVENTS_TOPIC: names.events,
    WORKOS_CURSOR_TOPIC: names.cursor,
    WORKOS_CONTROL_TOPIC: names.control,
    WORKOS_REQUESTS_PER_SECOND: String(requestsPerSecond),
    LOG_LEVEL: 'warn',
  });
  // Request starts (wall clock) and durations; the observer hears of a request when it ends.
  const requests: { startedAt: number; durationMs: number }[] = [];
  const connector = createConnector(config, env.logger, {
    onRequest: ({ durationMs }) => requests.push({ startedAt: Date.now() - durationMs, durationMs }),
  });
  const controller = new AbortController();
  const runCalledAt = Date.now();
  const done = connector.run(controller.signal);
  let failed: unknown;
  let stopError: string | undefined;
  done.catch((err: unknown) => {
    // After our abort, a rejection is how the connector stopped, not a failure of the run.
    if (controller.signal.aborted) stopError = err instanceof Error ? err.message : String(err);
    else failed = err;
  });
  const activity = connector.snapshot;
  // Polling every 2 ms bounds the timing error to 2 ms per run.
  let lastRows = -1;
  let lastMoveAt = Date.now();
  while (!activity.done && failed === undefined) {
    await sleep(2);
    if (activity.rows !== lastRows) [lastRows, lastMoveAt] = [activity.rows, Date.now()];
    if (Date.now() - lastMoveAt > STALL_MS) failed = new Error(`connector stalled at ${activity.rows} snapshot rows`);
  }
  const endedAt = Date.now();
  const result = { ...activity };
  const cursor = failed === undefined ? ((await connector.cursorStore.readLatest()) as SnapshotCursor | null) : null;
  controller.abort();
  await done.catch(() => undefined);
  if (failed !== undefined && result.startedAtMs === null) throw new StartupFailure(failed instanceof Error ? failed.message : String(failed), { cause: failed });
  if (failed !== undefined) throw failed;
  const summary = cursor?.last_snapshot;
  if (summary?.id !== result.id || summary.rows !== result.rows) {
    throw new Error(`the cursor topic's last_snapshot (${JSON.stringify(summary)}) does not match the completed snapshot ${result.id} of ${result.rows} rows`);
  }
  const startedAt = result.startedAtMs ?? runCalledAt;
  const during = requests.filter((request) => request.startedAt >= startedAt);
  return {
    startupMs: startedAt - runCalledAt,
    elapsedMs: endedAt - startedAt,
    rows: result.rows,
    requests: result.requests,
    meanRequestMs: during.reduce((sum, request) => sum + request.durationMs, 0) / Math.max(1, during.length),
    stopError,
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * The end of a run: let the connector catch up with the complete stream and stop it (SIGTERM),
 * read the events topic with the independent reader, wait until both consumer groups have
 * committed every data record, then stop the consumers.
 */
import type { Admin } from 'kafkajs';
import type { CampaignEnv } from './campaign-env.js';
import { dataLag } from './group-offsets.js';
import type { Pipeline } from './pipeline.js';
import { readCommitted, type TopicRead } from './read-topic.js';
import { say } from './say.js';
import { waitUntil } from './wait.js';
import type { CampaignWorld } from './world.js';

/** Timings and exits of the end phase. */
export interface FinishResult {
  /** Whether the connector was seen caught up before its timeout. */
  readonly connectorCaughtUp: boolean;
  readonly connectorCatchUpMs: number;
  readonly connectorExit: number | string | null;
  readonly replicaExit: number | string | null;
  readonly read: TopicRead;
  readonly readMs: number;
  readonly consumersCaughtUp: boolean;
  readonly consumersCatchUpMs: number;
  /** Data records each group had not committed when the wait ended (0 when caught up). */
  readonly finalLag: { readonly mirror: number; readonly notifier: number };
  readonly mirrorExit: number | string | null;
  readonly notifierExit: number | string | null;
}

/**
 * Empty pages served after the last event, among the requests logged since request number
 * `since`. The first may be a prefetch overlapping the commit of the last page, or come from a
 * process killed just before; the second comes after a poll interval from a process that has
 * committed that page. A SIGTERM from then on loses nothing (the page in hand is committed first).
 */
function emptyPagesAfter(world: CampaignWorld, lastId: string, since: number): number {
  const { log, total } = world.emulator.stats;
  const firstIndex = total - log.length;
  return log.filter(
    (entry, i) =>
      firstIndex + i >= since &&
      entry.outcome === 200 &&
      entry.ids.length === 0 &&
      new URL(entry.url, 'http://emulator.invalid').searchParams.get('after') === lastId,
  ).length;
}

/** Runs the end phase. */
export async function finishRun(env: CampaignEnv, world: CampaignWorld, pipeline: Pipeline, admin: Admin, consumerTimeoutMs: number, signal: AbortSignal): Promise<FinishResult> {
  const { names } = env;
  for (const role of [pipeline.connector, pipeline.connectorReplica, pipeline.mirror, pipeline.notifier]) role.start();
  const lastId = world.emulator.store.at(world.emulator.store.size - 1)?.id ?? '';
  say('waiting for the connector to catch up…');
  let started = Date.now();
  const since = world.emulator.stats.total;
  const connectorCaughtUp = await waitUntil(() => emptyPagesAfter(world, lastId, since) >= 2, 600_000, 500, signal);
  const connectorCatchUpMs = Date.now() - started;
  // Whichever replica is active, both stop cleanly: a standby leaves at once, the active one
  // commits the page in hand.
  const [connectorExit, replicaExit] = await Promise.all([pipeline.connector.terminate(), pipeline.connectorReplica.terminate()]);
  say(`connector ${connectorCaughtUp ? 'caught up' : 'did NOT catch up'} in ${(connectorCatchUpMs / 1000).toFixed(1)} s; stopped with exit ${connectorExit}`);

  started = Date.now();
  const read = await readCommitted(env.brokers, names.eventsTopic);
  env.dropGroupLater(read.groupId);
  const readMs = Date.now() - started;
  say(`independent reader: ${read.records.length} committed records in ${(readMs / 1000).toFixed(1)} s`);

  started = Date.now();
  let lastLine = 0;
  const finalLag = { mirror: -1, notifier: -1 };
  const consumersCaughtUp = await waitUntil(
    async () => {
      finalLag.mirror = await dataLag(admin, names.mirrorGroup, names.eventsTopic, read.records);
      finalLag.notifier = await dataLag(admin, names.notifierGroup, names.eventsTopic, read.records);
      if (Date.now() - lastLine > 15_000) {
        lastLine = Date.now();
        say(`consumers catching up: mirror ${finalLag.mirror} records behind, notifier ${finalLag.notifier}`);
      }
      return finalLag.mirror === 0 && finalLag.notifier === 0;
    },
    consumerTimeoutMs,
    1_000,
    signal,
  );
  const consumersCatchUpMs = Date.now() - started;
  const [mirrorExit, notifierExit] = await Promise.all([pipeline.mirror.terminate(), pipeline.notifier.terminate()]);
  say(`consumers ${consumersCaughtUp ? 'caught up' : 'did NOT catch up'} in ${(consumersCatchUpMs / 1000).toFixed(1)} s; exits ${mirrorExit}, ${notifierExit}`);
  return { connectorCaughtUp, connectorCatchUpMs, connectorExit, replicaExit, read, readMs, consumersCaughtUp, consumersCatchUpMs, finalLag, mirrorExit, notifierExit };
}

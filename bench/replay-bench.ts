/**
 * Benchmark 4: a full replay of a long `workos.events` topic into a fresh directory mirror through
 * the consumer path, with a bare kafkajs consumer reading the same topic as the baseline (before
 * and after the replay, so both see the same broker state). Filling the topic is setup.
 */
import { say, type BenchEnv } from './bench-env.js';
import { readTopicBare } from './bare-consumer.js';
import { freshDatabase } from './databases.js';
import { fillEventsTopic } from './events-topic.js';
import { runMirrorConsumer } from './mirror-consumer-run.js';
import type { BenchOptions } from './options.js';
import { atLeast, measured, type BenchResult } from './report.js';
import { median, nowMs, perSecond } from './stats.js';
import { worldEvents } from './world-stream.js';

/** Replay / bare consumer the mirror aims for. */
const TARGET_RATIO = 0.5;

/** Runs benchmark 4. */
export async function benchReplay(env: BenchEnv, options: BenchOptions): Promise<BenchResult> {
  const started = nowMs();
  const count = options.replayEvents;
  const topic = env.name('replay-events');
  say(`filling ${topic} with ${count.toLocaleString('en-US')} events (setup, not timed)…`);
  const fillMs = await fillEventsTopic(env, topic, options.partitions, worldEvents({ count, seed: 5, startMs: Date.now() - 20 * 86_400_000 }), count);
  say(`filled in ${(fillMs / 1000).toFixed(1)} s`);
  const bare: number[] = [];
  const bareJoin: number[] = [];
  const readBare = async (tag: string): Promise<void> => {
    const read = await readTopicBare(env, topic, count, tag);
    bare.push(perSecond(count, read.elapsedMs));
    bareJoin.push(read.joinMs);
    say(`bare consumer (${tag}): ${count} records in ${read.elapsedMs.toFixed(0)} ms`);
  };
  await readBare('before');
  const database = freshDatabase(env, options.replayDatabase, options.databaseUrl);
  say(`replaying into a fresh ${options.replayDatabase} mirror…`);
  const run = await runMirrorConsumer(env, database, topic, count, `replay-${options.replayDatabase}`, 30_000);
  await database.drop();
  say(`replay: ${run.applied} events in ${(run.elapsedMs / 1000).toFixed(1)} s`);
  await readBare('after');
  const replayRate = perSecond(run.applied, run.elapsedMs);
  return {
    name: 'replay',
    title: `replay of ${count.toLocaleString('en-US')} events into a fresh ${options.replayDatabase} directory mirror`,
    settings: {
      events: count,
      database: options.replayDatabase,
      partitions: options.partitions,
      partitionsConsumedConcurrently: 3,
      fillSeconds: Math.round(fillMs / 1000),
      bareReads: bare.length,
    },
    measurements: [
      measured('mirror replay (consumer path)', 'events/s', [replayRate]),
      measured('mirror replay time', 's', [run.elapsedMs / 1000]),
      measured('bare kafkajs consumer (count only)', 'events/s', bare),
      measured('ratio replay / bare consumer', 'ratio', [replayRate / median(bare)]),
      measured('mirror group join until 1st apply', 'ms', [run.joinMs]),
      measured('bare consumer join until 1st batch', 'ms', bareJoin),
    ],
    targets: [atLeast('replay / bare consumer', replayRate / median(bare), TARGET_RATIO)],
    notes: [
      `one replay (it is the long run); the bare consumer read the topic before and after it, median of ${bare.length}`,
      `at the measured rate, 1,000,000 events would take ${(1_000_000 / replayRate / 60).toFixed(1)} min`,
    ],
    durationMs: nowMs() - started,
  };
}

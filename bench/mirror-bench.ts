/**
 * Benchmark 3: events/s the directory mirror applies through the consumer path, next to a raw
 * batched upsert of the same rows into the same kind of database. Two diagnostic sides sit in
 * between: the store's `apply` called directly (no Kafka), and plain upserts committed one event
 * per transaction (no guard read, no progress row).
 */
import type { MirrorChange } from '../consumers/directory-mirror/mirror-change.js';
import { DEFAULT_MIRROR_BATCH_RECORDS } from '../consumers/directory-mirror/mirror-consumer.js';
import { mirrorChangesFor } from '../consumers/directory-mirror/mirror-handler.js';
import { createSqlMirrorStore } from '../consumers/directory-mirror/sql-mirror-store.js';
import { parseWorkosEvent } from '../consumers/events/workos-event.js';
import type { WorkosEvent } from '../emulator/event-types.js';
import { say, type BenchEnv } from './bench-env.js';
import { freshDatabase } from './databases.js';
import { fillEventsTopic } from './events-topic.js';
import { runMirrorConsumer } from './mirror-consumer-run.js';
import type { BenchDatabase, BenchOptions } from './options.js';
import { rawBatchedUpsert, rawPerEventUpsert } from './raw-upsert.js';
import { atLeast, measured, type BenchResult, type Measurement, type Target } from './report.js';
import { median, nowMs, perSecond, ratios } from './stats.js';
import { worldEvents } from './world-stream.js';

/** Consumer-runtime default (`CONSUMER_CONCURRENCY`), printed with the results. */
const CONCURRENCY = 3;

/** Runs benchmark 3 on every configured database. */
export async function benchMirror(env: BenchEnv, options: BenchOptions): Promise<BenchResult> {
  const started = nowMs();
  const events = [...worldEvents({ count: options.mirrorEvents, seed: 3, startMs: Date.now() - 20 * 86_400_000 })];
  const changes = events.map((event) => mirrorChangesFor(parseWorkosEvent(JSON.parse(JSON.stringify(event)) as unknown)));
  const topic = env.name('mirror-events');
  const fillMs = await fillEventsTopic(env, topic, options.partitions, events, events.length);
  say(`filled ${topic} with ${events.length} events in ${(fillMs / 1000).toFixed(1)} s`);
  const measurements: Measurement[] = [];
  const targets: Target[] = [];
  const notes: string[] = [];
  for (const kind of options.mirrorDatabases) {
    const result = await benchOneDatabase(env, options, kind, topic, events, changes);
    measurements.push(...result.measurements);
    targets.push(result.target);
    notes.push(result.note);
  }
  const rows = changes.reduce((sum, c) => sum + c.length, 0);
  return {
    name: 'mirror',
    title: 'directory mirror apply (consumer path) vs raw batched upsert of the same rows',
    settings: {
      events: events.length,
      rowChanges: rows,
      ignoredEvents: changes.filter((c) => c.length === 0).length,
      reps: options.reps,
      partitions: options.partitions,
      partitionsConsumedConcurrently: CONCURRENCY,
      rawRowsPerStatement: options.rawBatchRows,
      sqlite: 'WAL synchronous=FULL',
      databases: options.mirrorDatabases.join(','),
    },
    measurements,
    targets,
    notes,
    durationMs: nowMs() - started,
  };
}

/** Events per `applyBatch` in the store-only diagnostic: the mirror's default batch limit. */
const DIRECT_BATCH = DEFAULT_MIRROR_BATCH_RECORDS;

/**
 * The one-transaction-per-event diagnostics (`store.apply` in a loop, the per-event raw upsert)
 * commit once per event, so they run over the first this many events only: over the whole topic
 * they would take minutes of commits and say nothing more.
 */
const PER_EVENT_DIAGNOSTIC_EVENTS = 5_000;

/** Consumer path / raw batched upsert the mirror aims for, on each database. */
const TARGET_RATIO = 0.7;

async function benchOneDatabase(
  env: BenchEnv,
  options: BenchOptions,
  kind: BenchDatabase,
  topic: string,
  events: readonly WorkosEvent[],
  changes: readonly MirrorChange[][],
): Promise<{ measurements: Measurement[]; target: Target; note: string }> {
  const consumer: number[] = [];
  const raw: number[] = [];
  const direct: number[] = [];
  const perEvent: number[] = [];
  const join: number[] = [];
  const directBatched: number[] = [];
  const flat = changes.flat();
  const writes = changes.map((eventChanges, i) => ({
    changes: eventChanges,
    progress: { consumer: 'bench', topic, partition: 0, offset: String(i), eventId: (events[i] as WorkosEvent).id },
  }));
  const perEventCount = Math.min(events.length, PER_EVENT_DIAGNOSTIC_EVENTS);
  /** The store alone: the first `count` events in stream order, `batch` per transaction; elapsed ms. */
  const directApply = async (batch: number, count: number): Promise<number> => {
    const database = freshDatabase(env, kind, options.databaseUrl);
    const store = createSqlMirrorStore(await database.open());
    await store.migrate();
    const t0 = nowMs();
    for (let i = 0; i < count; i += batch) await store.applyBatch(writes.slice(i, Math.min(count, i + batch)));
    const ms = nowMs() - t0;
    await store.close();
    await database.drop();
    return ms;
  };
  for (let rep = 1; rep <= options.reps; rep += 1) {
    const sides = [
      async (): Promise<void> => {
        const database = freshDatabase(env, kind, options.databaseUrl);
        const run = await runMirrorConsumer(env, database, topic, events.length, `${kind}-r${rep}`);
        await database.drop();
        consumer.push(perSecond(run.applied, run.elapsedMs));
        join.push(run.joinMs);
        say(`${kind} consumer path rep ${rep}: ${run.applied} events in ${run.elapsedMs.toFixed(0)} ms`);
      },
      async (): Promise<void> => {
        const database = freshDatabase(env, kind, options.databaseUrl);
        const db = await database.open();
        await createSqlMirrorStore(db).migrate();
        const run = await rawBatchedUpsert(db, flat, options.rawBatchRows);
        await db.close();
        await database.drop();
        raw.push(perSecond(events.length, run.elapsedMs));
        say(`${kind} raw upsert rep ${rep}: ${run.rowsWritten} rows (${events.length} events) in ${run.elapsedMs.toFixed(0)} ms`);
      },
      async (): Promise<void> => {
        const ms = await directApply(1, perEventCount);
        direct.push(perSecond(perEventCount, ms));
        say(`${kind} direct apply rep ${rep}: ${perEventCount} events in ${ms.toFixed(0)} ms`);
      },
      async (): Promise<void> => {
        const ms = await directApply(DIRECT_BATCH, events.length);
        directBatched.push(perSecond(events.length, ms));
        say(`${kind} direct applyBatch (${DIRECT_BATCH}) rep ${rep}: ${events.length} events in ${ms.toFixed(0)} ms`);
      },
      async (): Promise<void> => {
        const database = freshDatabase(env, kind, options.databaseUrl);
        const db = await database.open();
        await createSqlMirrorStore(db).migrate();
        const ms = await rawPerEventUpsert(db, changes.slice(0, perEventCount));
        await db.close();
        await database.drop();
        perEvent.push(perSecond(perEventCount, ms));
        say(`${kind} raw upsert, one transaction per event, rep ${rep}: ${perEventCount} events in ${ms.toFixed(0)} ms`);
      },
    ];
    for (let i = 0; i < sides.length; i += 1) await (sides[(i + rep - 1) % sides.length] as () => Promise<void>)();
  }
  const ratio = ratios(consumer, raw);
  return {
    measurements: [
      measured(`${kind}: consumer path (group → apply)`, 'events/s', consumer),
      measured(`${kind}: raw batched upsert`, 'events/s', raw),
      measured(`${kind}: ratio consumer / raw (per pair)`, 'ratio', consumer.map((c, i) => c / (raw[i] as number))),
      measured(`${kind}: store.apply loop, no Kafka (first ${perEventCount.toLocaleString('en-US')} events)`, 'events/s', direct),
      measured(`${kind}: store.applyBatch of ${DIRECT_BATCH}, no Kafka`, 'events/s', directBatched),
      measured(`${kind}: raw upsert, 1 transaction/event (first ${perEventCount.toLocaleString('en-US')} events)`, 'events/s', perEvent),
      measured(`${kind}: group join until 1st apply`, 'ms', join),
    ],
    target: atLeast(`${kind}: consumer path / raw batched upsert`, ratio.paired, TARGET_RATIO),
    note: `${kind}: ratio of medians ${ratio.ofMedians.toFixed(3)}; median group join ${median(join).toFixed(0)} ms excluded from the consumer figure`,
  };
}

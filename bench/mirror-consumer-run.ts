/**
 * The directory mirror as it runs in production, timed: `startDirectoryMirror` (the consumer
 * runtime, the registry decoder, the pure handler, the SQL store) reading a pre-filled topic with
 * a new consumer group into a fresh database. The store is wrapped only to time its writes.
 */
import { createEventDecoder } from '../consumers/config/event-decoder.js';
import { startDirectoryMirror } from '../consumers/directory-mirror/mirror-consumer.js';
import type { MirrorStore } from '../consumers/directory-mirror/mirror-store.js';
import { createSqlMirrorStore } from '../consumers/directory-mirror/sql-mirror-store.js';
import { say, type BenchEnv } from './bench-env.js';
import type { FreshDatabase } from './databases.js';
import { nowMs } from './stats.js';
import { withDeadline } from '../core/deadline.js';

// Longer than any group join or rebalance the benchmarks should see.
const STALL_MS = 120_000;

/** How one consumer-path run went. */
export interface MirrorConsumerRun {
  /** First write started → the write that reached `expected` events finished, ms. */
  readonly elapsedMs: number;
  /** `startDirectoryMirror` called → first write started (connect, DLQ topic, group join, first fetch), ms. */
  readonly joinMs: number;
  readonly applied: number;
}

/** Runs the mirror until it has applied `expected` events, then stops it. */
export async function runMirrorConsumer(
  env: BenchEnv,
  database: FreshDatabase,
  topic: string,
  expected: number,
  tag: string,
  progressEveryMs = 0,
): Promise<MirrorConsumerRun> {
  const store = createSqlMirrorStore(await database.open());
  await store.migrate();
  const groupId = env.name(`mirror-${tag}`);
  env.dropTopicsLater(`${groupId}.dlq`);
  let applied = 0;
  let firstAt: number | undefined;
  let lastAt = 0;
  let reached!: () => void;
  const done = new Promise<void>((resolve) => (reached = resolve));
  // The consumer applies a batch of records per transaction (one record at a time after a failed
  // batch), including event types the mirror ignores: every record counts once.
  const counted = (records: number): void => {
    applied += records;
    if (applied >= expected && lastAt === 0) {
      lastAt = nowMs();
      reached();
    }
  };
  const timedStore: MirrorStore = {
    ...store,
    apply: async (changes, progress) => {
      firstAt ??= nowMs();
      const result = await store.apply(changes, progress);
      counted(1);
      return result;
    },
    applyBatch: async (writes) => {
      firstAt ??= nowMs();
      const result = await store.applyBatch(writes);
      counted(writes.length);
      return result;
    },
  };
  const calledAt = nowMs();
  // A start that never returns must fail this benchmark (the others still report), not hang the run.
  const run = await withDeadline(
    startDirectoryMirror({
      kafka: env.kafka(`bench-${tag}`),
      store: timedStore,
      decode: createEventDecoder(topic, env.registryUrl),
      logger: env.logger,
      topic,
      groupId,
    }),
    STALL_MS,
    () => {
      throw new Error(`startDirectoryMirror did not return within ${STALL_MS / 1000} s`);
    },
  );
  env.dropGroupsLater(groupId);
  const ticker = progressEveryMs > 0 ? setInterval(() => say(`  ${tag}: ${applied.toLocaleString('en-US')} of ${expected.toLocaleString('en-US')} applied`), progressEveryMs) : undefined;
  let seen = -1;
  let stalled!: (err: Error) => void;
  const stall = new Promise<never>((_, reject) => (stalled = reject));
  // Events the mirror dead-letters are never applied; a run that stops moving must fail, not hang.
  const watchdog = setInterval(() => {
    if (applied === seen) stalled(new Error(`the mirror stalled at ${applied} of ${expected} events`));
    seen = applied;
  }, STALL_MS);
  try {
    await Promise.race([done, stall, run.done.then(() => Promise.reject(new Error('the mirror stopped before applying every event')))]);
  } finally {
    clearInterval(ticker);
    clearInterval(watchdog);
    await run.stop();
    await store.close();
  }
  return { elapsedMs: lastAt - (firstAt as number), joinMs: (firstAt as number) - calledAt, applied };
}

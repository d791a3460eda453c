/**
 * The replay baseline: a bare kafkajs consumer (new group, read_committed, `eachBatch`) that only
 * counts records, no decoding, no handler, no database. What reading the topic costs by itself.
 */
import { consumerFetchSizes, DEFAULT_EVENTS_MAX_MESSAGE_BYTES } from '../core/message-size.js';
import type { BenchEnv } from './bench-env.js';
import { nowMs } from './stats.js';

/** How one bare read went. */
export interface BareRead {
  /** First batch received → `expected` records counted, ms. */
  readonly elapsedMs: number;
  /** `run()` called → first batch (connect, group join, first fetch), ms. */
  readonly joinMs: number;
}

/** Reads `topic` from the beginning until `expected` records were seen. */
export async function readTopicBare(env: BenchEnv, topic: string, expected: number, tag: string): Promise<BareRead> {
  const groupId = env.name(`bare-${tag}`);
  env.dropGroupsLater(groupId);
  // Fetch sizes as the shipped consumers use them, so the bare read stays their baseline.
  const consumer = env.kafka(`bench-${tag}`).consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 1_000, ...consumerFetchSizes(DEFAULT_EVENTS_MAX_MESSAGE_BYTES) });
  await consumer.connect();
  let seen = 0;
  let firstAt: number | undefined;
  let lastAt = 0;
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    const calledAt = nowMs();
    await new Promise<void>((resolve, reject) => {
      consumer
        .run({
          // Same concurrency as the mirror's runtime, so the two differ only in what each record costs.
          partitionsConsumedConcurrently: 3,
          eachBatch: async ({ batch }) => {
            firstAt ??= nowMs();
            seen += batch.messages.length;
            if (seen >= expected && lastAt === 0) {
              lastAt = nowMs();
              resolve();
            }
          },
        })
        .catch(reject);
    });
    return { elapsedMs: lastAt - (firstAt as number), joinMs: (firstAt as number) - calledAt };
  } finally {
    await consumer.disconnect();
  }
}

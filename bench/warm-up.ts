/**
 * Runs once before any benchmark. A broker creates `__transaction_state` and
 * `__consumer_offsets` on first use, and a just-started broker JVM runs its transaction and fetch
 * paths interpreted for a while: a fresh local stack made the first connector repetition 2–3×
 * slower than the third. So on a stack started by the bench, this runs a few hundred page-sized
 * transactions and reads them back before anything is timed. On a broker that has been running
 * (KAFKA_BROKERS given), one of each is enough.
 */
import kafkajs from 'kafkajs';
import type { BenchEnv } from './bench-env.js';
import { createBenchTopic } from './kafka-records.js';

/** Transactions of 100 records over 12 partitions, plus a read of all of them through a consumer group. */
export async function warmUpBroker(env: BenchEnv, transactions: number): Promise<void> {
  const [topic, side, groupId] = [env.name('warm-up'), env.name('warm-up-side'), env.name('warm-up')];
  await createBenchTopic(env, topic, 12);
  await createBenchTopic(env, side, 1);
  env.dropGroupsLater(groupId);
  const kafka = env.kafka('bench-warm-up');
  const producer = kafka.producer({
    transactionalId: env.name('warm-up-txn'),
    idempotent: true,
    maxInFlightRequests: 1,
    createPartitioner: kafkajs.Partitioners.DefaultPartitioner,
    retry: { initialRetryTime: 10, maxRetryTime: 1_000, retries: 20 },
  });
  await producer.connect();
  try {
    for (let i = 0; i < transactions; i += 1) {
      const transaction = await producer.transaction();
      const messages = Array.from({ length: 100 }, (_, j) => ({ key: `k${j}`, value: 'x'.repeat(800) }));
      await transaction.sendBatch({ topicMessages: [{ topic, messages }, { topic: side, messages: [{ key: 'c', value: 'c' }] }] });
      await transaction.commit();
    }
  } finally {
    await producer.disconnect();
  }
  const consumer = kafka.consumer({ groupId, readUncommitted: false, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    let seen = 0;
    await new Promise<void>((resolve, reject) => {
      consumer.run({ eachBatch: async ({ batch }) => void ((seen += batch.messages.length) >= transactions * 100 && resolve()) }).catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
}

import type { Admin, Kafka } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { observeConsumerLag } from '../../../core/metrics/consumer-lag-metrics.js';
import { createMetricsRegistry } from '../../../core/metrics/registry.js';
import { parseSamples, samplesOf, valueOf } from './prom-text.js';

const logger = pino({ level: 'silent' });

/** An admin that answers offsets from `state`, counting calls; `fail`/`hang` break it. */
function fakeKafka(state: { committed: string; high: string; fail?: boolean; hang?: boolean }) {
  const calls = { connect: 0, fetchOffsets: 0, disconnect: 0 };
  const admin = {
    async connect() {
      calls.connect += 1;
    },
    async disconnect() {
      calls.disconnect += 1;
    },
    async fetchOffsets() {
      calls.fetchOffsets += 1;
      if (state.hang) await new Promise(() => undefined);
      if (state.fail) throw new Error('coordinator not available');
      return [{ topic: 'events', partitions: [{ partition: 0, offset: state.committed }, { partition: 1, offset: '-1' }] }];
    },
    async fetchTopicOffsets() {
      return [
        { partition: 0, offset: state.high, high: state.high, low: '0' },
        { partition: 1, offset: '4', high: '4', low: '1' },
      ];
    },
  } as unknown as Admin;
  return { kafka: { admin: () => admin } as unknown as Kafka, calls };
}

describe('consumer lag gauge', () => {
  it('reports lag per group, topic and partition, from a cache that spares the broker', async () => {
    let nowMs = 0;
    const state = { committed: '7', high: '10' };
    const { kafka, calls } = fakeKafka(state);
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const lag = observeConsumerLag(registry, { kafka, targets: [{ groupId: 'mirror', topic: 'events' }], logger, cacheMs: 5_000, now: () => nowMs });
    const scrape = async () => parseSamples(await registry.metrics());

    const first = await scrape();
    expect(valueOf(first, 'workos_kafka_consumer_lag', { group: 'mirror', topic: 'events', partition: '0' })).toBe(3);
    // No commit on partition 1: lag counts from the log start.
    expect(valueOf(first, 'workos_kafka_consumer_lag', { partition: '1' })).toBe(3);

    state.committed = '10';
    nowMs = 4_000;
    await Promise.all([scrape(), scrape(), scrape()]);
    expect(valueOf(await scrape(), 'workos_kafka_consumer_lag', { partition: '0' })).toBe(3);
    expect(calls.fetchOffsets).toBe(1);

    nowMs = 5_000;
    expect(valueOf(await scrape(), 'workos_kafka_consumer_lag', { partition: '0' })).toBe(0);
    expect(calls.fetchOffsets).toBe(2);
    expect(calls.connect).toBe(1);

    await lag.close();
    expect(calls.disconnect).toBe(1);
    nowMs = 20_000;
    expect(samplesOf(await scrape(), 'workos_kafka_consumer_lag')).toEqual([]);
  });

  it('leaves the gauge empty and counts an error when the fetch fails or times out; the scrape still succeeds', async () => {
    let nowMs = 0;
    const state = { committed: '7', high: '10', fail: true, hang: false };
    const { kafka } = fakeKafka(state);
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const lag = observeConsumerLag(registry, { kafka, targets: [{ groupId: 'g', topic: 'events' }], logger, cacheMs: 1_000, timeoutMs: 50, now: () => nowMs });
    const scrape = async () => parseSamples(await registry.metrics());

    let samples = await scrape();
    expect(samplesOf(samples, 'workos_kafka_consumer_lag')).toEqual([]);
    expect(valueOf(samples, 'workos_kafka_consumer_lag_fetch_errors_total')).toBe(1);
    // Within the cache window the failure is not retried (nor counted again).
    expect(valueOf(await scrape(), 'workos_kafka_consumer_lag_fetch_errors_total')).toBe(1);

    Object.assign(state, { fail: false, hang: true });
    nowMs = 1_000;
    samples = await scrape();
    expect(samplesOf(samples, 'workos_kafka_consumer_lag')).toEqual([]);
    expect(valueOf(samples, 'workos_kafka_consumer_lag_fetch_errors_total')).toBe(2);

    Object.assign(state, { hang: false });
    nowMs = 2_000;
    expect(valueOf(await scrape(), 'workos_kafka_consumer_lag', { partition: '0' })).toBe(3);
    await lag.close();
  });
});

/**
 * Consumer-group lag as a gauge, computed at scrape time through the admin API. Results are
 * cached for a few seconds and concurrent scrapes share one fetch, so several Prometheus servers
 * (or an impatient curl loop) cannot turn scrapes into a load on the group coordinator.
 */
import type { Admin, Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { fetchGroupLag, type GroupLag } from '../consumer-lag.js';
import { METRIC_PREFIX } from './registry.js';
import { withDeadline } from '../deadline.js';

/** A group and the topic it reads. */
export interface ConsumerLagTarget {
  readonly groupId: string;
  readonly topic: string;
}

/** Options for {@link observeConsumerLag}. */
export interface ConsumerLagMetricsOptions {
  /** Client for a dedicated admin connection, opened at the first scrape. */
  kafka: Kafka;
  targets: readonly ConsumerLagTarget[];
  logger: Logger;
  /** How long one fetch (success or failure) answers scrapes, ms. Default 5 000. */
  cacheMs?: number;
  /** Longest a scrape waits for a fetch, ms; then the gauge is left empty. Default 5 000. */
  timeoutMs?: number;
  /** Clock, for tests. Default `Date.now`. */
  now?: () => number;
}

/** Default cache lifetime of a lag fetch, ms. */
export const DEFAULT_LAG_CACHE_MS = 5_000;
/** Default scrape-time fetch timeout, ms (under Prometheus' default 10 s scrape timeout). */
export const DEFAULT_LAG_TIMEOUT_MS = 5_000;

/** Handle of the lag collector; `close()` disconnects its admin client. */
export interface ConsumerLagMetrics {
  close(): Promise<void>;
}

type Fetched = { ok: true; lags: GroupLag[] } | { ok: false; error: unknown };

/** Registers `workos_kafka_consumer_lag{group,topic,partition}` on `registry`. */
export function observeConsumerLag(registry: Registry, options: ConsumerLagMetricsOptions): ConsumerLagMetrics {
  const { kafka, targets, logger } = options;
  const cacheMs = options.cacheMs ?? DEFAULT_LAG_CACHE_MS;
  const timeoutMs = options.timeoutMs ?? DEFAULT_LAG_TIMEOUT_MS;
  const now = options.now ?? Date.now;
  let admin: Promise<Admin> | null = null;
  let cached: { atMs: number; result: Fetched } | null = null;
  let inFlight: Promise<Fetched> | null = null;
  let closed = false;

  const connectedAdmin = (): Promise<Admin> => {
    if (closed) return Promise.reject(new Error('consumer lag metrics are closed'));
    if (admin === null) {
      const client = kafka.admin();
      const connecting: Promise<Admin> = client.connect().then(
        () => client,
        async (error: unknown) => {
          // Not cached: the next fetch after the cache expires tries to connect again.
          if (admin === connecting) admin = null;
          await client.disconnect().catch(() => undefined);
          throw error;
        },
      );
      admin = connecting;
    }
    return admin;
  };

  const fetchAll = async (): Promise<Fetched> => {
    try {
      const client = await connectedAdmin();
      const lags = await Promise.all(targets.map((t) => fetchGroupLag(client, t.groupId, t.topic)));
      return { ok: true, lags };
    } catch (error) {
      return { ok: false, error };
    }
  };

  const current = (): Promise<Fetched> => {
    if (cached !== null && now() - cached.atMs < cacheMs) return Promise.resolve(cached.result);
    inFlight ??= withTimeout(fetchAll(), timeoutMs).then((result) => {
      cached = { atMs: now(), result };
      inFlight = null;
      if (!result.ok) {
        errors.inc();
        logger.warn({ err: result.error }, 'could not fetch consumer lag for /metrics');
      }
      return result;
    });
    return inFlight;
  };

  const errors = new Counter({
    name: `${METRIC_PREFIX}consumer_lag_fetch_errors_total`,
    help: 'Scrape-time consumer lag fetches that failed or timed out (the lag gauge is then empty).',
    registers: [registry],
    // Waits for the same (shared, cached) fetch as the gauge, so one scrape shows its own failure.
    async collect() {
      if (!closed) await current();
    },
  });
  const gauge: Gauge = new Gauge({
    name: `${METRIC_PREFIX}consumer_lag`,
    help: 'Records between the committed offset of a consumer group and the end of each partition (transaction markers count).',
    labelNames: ['group', 'topic', 'partition'],
    registers: [registry],
    async collect() {
      const result = closed ? null : await current();
      gauge.reset();
      // Absent beats stale: a frozen lag would hide exactly the outage that stopped the fetch.
      if (result === null || !result.ok) return;
      for (const lag of result.lags) {
        for (const p of lag.partitions) gauge.set({ group: lag.groupId, topic: lag.topic, partition: String(p.partition) }, p.lag);
      }
    },
  });

  return {
    async close() {
      closed = true;
      const pending = admin;
      admin = null;
      const client = await pending?.catch(() => null);
      await client?.disconnect().catch(() => undefined);
    },
  };
}

function withTimeout(work: Promise<Fetched>, ms: number): Promise<Fetched> {
  return withDeadline(work, ms, (): Fetched => ({ ok: false, error: new Error(`consumer lag fetch took longer than ${ms} ms`) }));
}

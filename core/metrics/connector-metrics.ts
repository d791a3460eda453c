/**
 * The connector's series. The object's hooks have the shapes of the connector's own observers
 * (`ReaderObserver`, the publisher's `onCommitted`), so it plugs in without core importing the
 * connector.
 */
import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import { LATENCY_BUCKETS_SECONDS } from './buckets.js';
import { METRIC_PREFIX } from './registry.js';

/** What seconds-behind is read from at scrape time (the connector's `LagTracker`). */
export interface SecondsBehindSource {
  /** Seconds between now and the last published event; null before the first. */
  secondsBehind(): number | null;
}

/** The connector's metrics; every hook is cheap and never throws. */
export interface ConnectorMetrics {
  /** A WorkOS `GET /events` answered (`status` 200, an HTTP error status, or `network`). */
  onRequest(outcome: { status: number | 'network'; durationMs: number }): void;
  /** The reader waits `delayMs` before retrying a failure with error `code`. */
  onRetryWait(info: { attempt: number; delayMs: number; code: string }): void;
  /** A Kafka transaction with `events` events (0 for a cursor-only one) committed in `durationMs`. */
  onCommitted(info: { events: number; durationMs: number }): void;
  /** Reports `source`'s seconds behind under `connector="<name>"` at every scrape. */
  observeLag(connectorName: string, source: SecondsBehindSource): void;
  /** This replica became the active one (it holds the lease), or stands by. */
  setActive(connectorName: string, active: boolean): void;
}

/** Registers the connector's series on `registry` and returns the hooks that move them. */
export function createConnectorMetrics(registry: Registry): ConnectorMetrics {
  const registers = [registry];
  const p = `${METRIC_PREFIX}connector_`;
  const eventsPublished = new Counter({ name: `${p}events_published_total`, help: 'WorkOS events published to Kafka (committed transactions only).', registers });
  const transactions = new Counter({
    name: `${p}transactions_committed_total`,
    help: 'Kafka transactions committed: one per page of events, plus cursor-only ones (the initial start position).',
    registers,
  });
  const transactionSeconds = new Histogram({
    name: `${p}transaction_duration_seconds`,
    help: 'Time from opening a Kafka transaction to its commit, in seconds.',
    buckets: [...LATENCY_BUCKETS_SECONDS],
    registers,
  });
  const requests = new Counter({
    name: `${p}workos_requests_total`,
    help: 'WorkOS GET /events requests by HTTP status ("network" when no HTTP answer came).',
    labelNames: ['status'],
    registers,
  });
  const requestSeconds = new Histogram({
    name: `${p}workos_request_duration_seconds`,
    help: 'Duration of WorkOS GET /events requests, in seconds, whatever their outcome.',
    buckets: [...LATENCY_BUCKETS_SECONDS],
    registers,
  });
  const retryWaits = new Counter({ name: `${p}retry_waits_total`, help: 'Waits before retrying a failed WorkOS request, by error code.', labelNames: ['code'], registers });
  const retryWaitSeconds = new Counter({
    name: `${p}retry_wait_seconds_total`,
    help: 'Seconds spent waiting before WorkOS retries (backoff or Retry-After), by error code.',
    labelNames: ['code'],
    registers,
  });
  const lagSources = new Map<string, SecondsBehindSource>();
  // Read at scrape time, so the value ages between pages as it really does.
  const secondsBehind: Gauge = new Gauge({
    name: `${p}seconds_behind`,
    help: 'Seconds between now and created_at of the last published event; absent before the first event.',
    labelNames: ['connector'],
    registers,
    collect() {
      secondsBehind.reset();
      for (const [connector, source] of lagSources) {
        const value = source.secondsBehind();
        if (value !== null) secondsBehind.set({ connector }, value);
      }
    },
  });

  const active = new Gauge({
    name: `${p}active`,
    help: 'Whether this replica is the active one of its connector name (1: it holds the lease and reads WorkOS; 0: it stands by).',
    labelNames: ['connector'],
    registers,
  });

  return {
    // Durations come from Date.now() and go negative if the clock steps back; clamp rather than throw.
    onRequest({ status, durationMs }) {
      requests.inc({ status: String(status) });
      requestSeconds.observe(Math.max(0, durationMs) / 1000);
    },
    onRetryWait({ delayMs, code }) {
      retryWaits.inc({ code });
      retryWaitSeconds.inc({ code }, Math.max(0, delayMs) / 1000);
    },
    onCommitted({ events, durationMs }) {
      transactions.inc();
      if (events > 0) eventsPublished.inc(events);
      transactionSeconds.observe(Math.max(0, durationMs) / 1000);
    },
    observeLag(connectorName, source) {
      lagSources.set(connectorName, source);
      // A replica stands by until the lease group says otherwise.
      active.set({ connector: connectorName }, 0);
    },
    setActive(connectorName, isActive) {
      active.set({ connector: connectorName }, isActive ? 1 : 0);
    },
  };
}

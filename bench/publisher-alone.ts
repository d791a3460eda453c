/**
 * The connector's publisher without the connector: the same `TransactionalPublisher` (registry
 * encode, one transaction per page with its cursor) fed pages from memory, no WorkOS requests.
 * Shows how much of a connector page is the Kafka transaction itself.
 */
import { CursorStore } from '../connector/cursor-store.js';
import { cursorAfter } from '../connector/cursor-record.js';
import { TransactionalPublisher } from '../connector/publisher.js';
import type { RawWorkosEvent } from '../connector/workos-event.js';
import { createCodec } from '../schemas/codec.js';
import { CURSOR_RECORD_SCHEMA } from '../schemas/cursor-record.js';
import { EVENT_ENVELOPE_SCHEMA } from '../schemas/event-envelope.js';
import type { BenchEnv } from './bench-env.js';
import { CONNECTOR_EVENTS_TOPIC_CONFIG, createBenchTopic } from './kafka-records.js';
import { withRequestTimings, type ApiTiming } from './request-timings.js';
import { nowMs } from './stats.js';

/** How a publisher-only run went. */
export interface PublisherRun {
  readonly elapsedMs: number;
  readonly pages: number;
  /** CPU time of this process (user + system) during the timed part, ms. */
  readonly cpuMs: number;
  /** Broker requests during the timed part, by API. */
  readonly timings: ReadonlyMap<string, ApiTiming>;
}

/** Publishes `events` in pages of 100 through a fresh publisher (new transactional id and topics). */
export async function runPublisherAlone(env: BenchEnv, events: readonly RawWorkosEvent[], partitions: number, tag: string): Promise<PublisherRun> {
  const name = env.name(`pub-${tag}`);
  const [eventsTopic, cursorTopic] = [env.name(`pub-events-${tag}`), env.name(`pub-cursor-${tag}`)];
  env.dropTopicsLater(eventsTopic, cursorTopic);
  const { kafka, timings } = withRequestTimings(env.kafka('bench-publisher'));
  const registryUrl = env.registryUrl;
  const cursorCodec = createCodec({ topic: cursorTopic, schema: CURSOR_RECORD_SCHEMA, registryUrl });
  const cursorStore = new CursorStore({ kafka, topic: cursorTopic, connectorName: name, codec: cursorCodec, logger: env.logger });
  // Not `ensureTopic`: on a busy broker its waitForLeaders fails now and then (see bench/README.md).
  await createBenchTopic(env, eventsTopic, partitions, CONNECTOR_EVENTS_TOPIC_CONFIG);
  await createBenchTopic(env, cursorTopic, 1, { 'cleanup.policy': 'compact', 'min.compaction.lag.ms': '0' });
  const eventCodec = createCodec({ topic: eventsTopic, schema: EVENT_ENVELOPE_SCHEMA, registryUrl });
  const publisher = new TransactionalPublisher({ kafka, transactionalId: name, eventsTopic, cursorTopic, cursorStore, eventCodec, logger: env.logger });
  await publisher.connect();
  try {
    // Schema registration and the first transaction's partition registration are start-up, as in the connector.
    await publisher.publishPage([], cursorAfter(name, events[0] as RawWorkosEvent));
    await eventCodec.encode(events[0]);
    timings.clear();
    const started = nowMs();
    const cpuAtStart = process.cpuUsage();
    let pages = 0;
    for (let i = 0; i < events.length; i += 100) {
      const page = events.slice(i, i + 100);
      await publisher.publishPage(page, cursorAfter(name, page.at(-1) as RawWorkosEvent));
      pages += 1;
    }
    const cpu = process.cpuUsage(cpuAtStart);
    return { elapsedMs: nowMs() - started, pages, cpuMs: (cpu.user + cpu.system) / 1000, timings: new Map(timings) };
  } finally {
    await publisher.disconnect();
  }
}

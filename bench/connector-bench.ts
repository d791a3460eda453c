/**
 * Benchmark 1: the connector publishing exactly-once (Kafka transactions of WorkOS pages plus
 * their cursor) next to a plain kafkajs producer sending the same records in the same batches,
 * GZIP-compressed as the connector must (the events topic is compressed by design), acks=all,
 * one batch in flight, same partitions. Diagnostic sides: the same plain producer without
 * compression (the baseline before compression was matched), the plain producer sending as many
 * records at once as a backlog transaction of the connector holds (fair to the producer the
 * other way), and the connector's publisher alone (no WorkOS requests).
 */
import kafkajs, { type Message, type Producer } from 'kafkajs';
import { connectorEnvSchema } from '../connector/config.js';
import { createCodec } from '../schemas/codec.js';
import { EVENT_ENVELOPE_SCHEMA } from '../schemas/event-envelope.js';
import { say, type BenchEnv } from './bench-env.js';
import { BENCH_CONNECTOR_SETTINGS, runConnectorMeasured } from './connector-once.js';
import { startBenchEmulator } from './emulator-world.js';
import { connectPlainProducer, createBenchTopic, encodeLikeConnector } from './kafka-records.js';
import type { BenchOptions } from './options.js';
import { runPublisherAlone } from './publisher-alone.js';
import { atLeast, measured, startupNotes, stopNotes, type BenchResult } from './report.js';
import { perPage, withRequestTimings, type ApiTiming } from './request-timings.js';
import { median, nowMs, perSecond, ratios } from './stats.js';

const BATCH = 100;
const TXN_APIS = ['GroupCoordinator', 'AddPartitionsToTxn', 'Produce', 'EndTxn', 'Metadata'];
const GZIP = kafkajs.CompressionTypes.GZIP;
const NO_COMPRESSION = kafkajs.CompressionTypes.None;

/** The most records the connector sends in one transaction during a backlog: TRANSACTION_MAX_PAGES (default) pages of 100. */
const CONNECTOR_TRANSACTION_RECORDS = connectorEnvSchema.shape.TRANSACTION_MAX_PAGES.parse(undefined) * BATCH;

/** Sends `messages` in sends of `batch`, one at a time (acks=all), compressed as asked; returns elapsed ms. */
async function sendPlain(producer: Producer, topic: string, messages: readonly Message[], compression: kafkajs.CompressionTypes, batch = BATCH): Promise<number> {
  const started = nowMs();
  for (let i = 0; i < messages.length; i += batch) {
    await producer.send({ topic, acks: -1, compression, messages: messages.slice(i, i + batch) });
  }
  return nowMs() - started;
}

/** Runs benchmark 1; each repetition rotates which side goes first. */
export async function benchConnector(env: BenchEnv, options: BenchOptions): Promise<BenchResult> {
  const started = nowMs();
  const emulator = await startBenchEmulator(options.connectorEvents, 7);
  const plainKafka = withRequestTimings(env.kafka('bench-plain'));
  const producer = await connectPlainProducer(plainKafka.kafka);
  try {
    const served = emulator.events;
    const valuesTopic = env.name('plain-values');
    env.dropTopicsLater(valuesTopic);
    const codec = createCodec({ topic: valuesTopic, schema: EVENT_ENVELOPE_SCHEMA, registryUrl: env.registryUrl });
    await codec.encode(served[0]); // registers the schema: not part of any timing
    // Topics are created up front: a producer writing to a topic created a moment ago can hit
    // NOT_LEADER and a 300 ms retry, which would be charged to the baseline.
    const plainTopics = Array.from({ length: options.reps }, (_, i) => env.name(`plain-r${i + 1}`));
    const rawTopics = Array.from({ length: options.reps }, (_, i) => env.name(`plain-raw-r${i + 1}`));
    const bigTopics = Array.from({ length: options.reps }, (_, i) => env.name(`plain-big-r${i + 1}`));
    for (const topic of [...plainTopics, ...rawTopics, ...bigTopics]) await createBenchTopic(env, topic, options.partitions);
    const series = { connector: [] as number[], plain: [] as number[], plainRaw: [] as number[], plainBig: [] as number[], publisher: [] as number[], startup: [] as number[], encode: [] as number[], pageMs: [] as number[], requestShare: [] as number[], connectorCpu: [] as number[], publisherCpu: [] as number[], plainCpu: [] as number[] };
    const stopErrors: string[] = [];
    const startupFailures: string[] = [];
    let publisherTimings: ReadonlyMap<string, ApiTiming> = new Map();
    let publisherPages = 0;
    let plainBatches = 0;
    for (let rep = 1; rep <= options.reps; rep += 1) {
      const encodeStarted = nowMs();
      const messages = await encodeLikeConnector(served, codec);
      series.encode.push(perSecond(messages.length, nowMs() - encodeStarted));
      const sides = [
        async (): Promise<void> => {
          const run = await runConnectorMeasured(env, emulator, served.length, options.partitions, `r${rep}`);
          series.connector.push(perSecond(run.events, run.elapsedMs));
          series.startup.push(run.startupMs);
          if (run.stopError !== undefined) stopErrors.push(run.stopError);
          startupFailures.push(...run.startupFailures);
          series.pageMs.push(run.elapsedMs / run.pages);
          series.requestShare.push(run.requestMs / run.elapsedMs);
          series.connectorCpu.push(run.cpuMs / run.pages);
          say(`connector rep ${rep}: ${run.events} events in ${run.elapsedMs.toFixed(0)} ms (start-up ${run.startupMs.toFixed(0)} ms)`);
        },
        async (): Promise<void> => {
          const cpuAtStart = process.cpuUsage();
          const ms = await sendPlain(producer, plainTopics[rep - 1] as string, messages, GZIP);
          const cpu = process.cpuUsage(cpuAtStart);
          series.plainCpu.push((cpu.user + cpu.system) / 1000 / Math.ceil(messages.length / BATCH));
          series.plain.push(perSecond(messages.length, ms));
          plainBatches += Math.ceil(messages.length / BATCH);
          say(`plain producer rep ${rep}: ${messages.length} records in ${ms.toFixed(0)} ms`);
        },
        async (): Promise<void> => {
          const ms = await sendPlain(producer, rawTopics[rep - 1] as string, messages, NO_COMPRESSION);
          series.plainRaw.push(perSecond(messages.length, ms));
          say(`plain producer without compression rep ${rep}: ${messages.length} records in ${ms.toFixed(0)} ms`);
        },
        async (): Promise<void> => {
          const ms = await sendPlain(producer, bigTopics[rep - 1] as string, messages, GZIP, CONNECTOR_TRANSACTION_RECORDS);
          series.plainBig.push(perSecond(messages.length, ms));
          say(`plain producer, GZIP sends of ${CONNECTOR_TRANSACTION_RECORDS} rep ${rep}: ${messages.length} records in ${ms.toFixed(0)} ms`);
        },
        async (): Promise<void> => {
          const run = await runPublisherAlone(env, served, options.partitions, `r${rep}`);
          series.publisher.push(perSecond(served.length, run.elapsedMs));
          series.publisherCpu.push(run.cpuMs / run.pages);
          publisherTimings = run.timings;
          publisherPages = run.pages;
          say(`publisher alone rep ${rep}: ${served.length} events in ${run.elapsedMs.toFixed(0)} ms`);
        },
      ];
      for (let i = 0; i < sides.length; i += 1) await (sides[(i + rep - 1) % sides.length] as () => Promise<void>)();
    }
    const ratio = ratios(series.connector, series.plain);
    return {
      name: 'connector',
      title: 'connector exactly-once vs plain kafkajs producer (same records, batches of 100)',
      settings: {
        events: served.length,
        reps: options.reps,
        partitions: options.partitions,
        pageSize: BATCH,
        plainBatch: BATCH,
        codec: 'registry (JSON Schema)',
        emulatorLatencyMs: 0,
        requestsPerSecond: BENCH_CONNECTOR_SETTINGS.WORKOS_REQUESTS_PER_SECOND,
        plainProducer: 'idempotent=false acks=all one-batch-in-flight GZIP',
      },
      measurements: [
        measured('connector exactly-once', 'events/s', series.connector),
        measured('plain kafkajs producer (GZIP)', 'events/s', series.plain),
        measured('ratio connector / plain (per pair)', 'ratio', series.connector.map((c, i) => c / (series.plain[i] as number))),
        measured('plain producer without compression', 'events/s', series.plainRaw),
        measured('ratio connector / uncompressed plain (per pair)', 'ratio', series.connector.map((c, i) => c / (series.plainRaw[i] as number))),
        measured(`plain producer, GZIP, sends of ${CONNECTOR_TRANSACTION_RECORDS} (a backlog transaction)`, 'events/s', series.plainBig),
        measured(`ratio connector / plain with sends of ${CONNECTOR_TRANSACTION_RECORDS} (per pair)`, 'ratio', series.connector.map((c, i) => c / (series.plainBig[i] as number))),
        measured('publisher alone (encode + txn/page)', 'events/s', series.publisher),
        measured('connector start-up (not in events/s)', 'ms', series.startup),
        measured('connector ms per page', 'ms', series.pageMs),
        measured('connector CPU ms per page (this process)', 'ms', series.connectorCpu),
        measured('publisher alone CPU ms per page', 'ms', series.publisherCpu),
        measured('plain producer CPU ms per batch', 'ms', series.plainCpu),
        measured('WorkOS request time / connector time', 'ratio', series.requestShare),
        measured('registry encode alone (CPU only)', 'events/s', series.encode),
      ],
      targets: [atLeast('connector / plain producer', ratio.paired, 0.8)],
      notes: [
        `ratio of medians ${ratio.ofMedians.toFixed(3)}; connector timed from its first WorkOS request to its last page committed; median start-up ${median(series.startup).toFixed(0)} ms excluded`,
        `broker requests per page, publisher alone (last rep): ${perPage(publisherTimings, publisherPages, TXN_APIS)}`,
        `broker requests per batch, plain producer (all reps): ${perPage(plainKafka.timings, plainBatches, ['Produce', 'Metadata'])}`,
        ...stopNotes(stopErrors, options.reps),
        ...startupNotes(startupFailures),
        `the request budget (${BENCH_CONNECTOR_SETTINGS.WORKOS_REQUESTS_PER_SECOND}/s, the allowed maximum) caps the connector at ${BENCH_CONNECTOR_SETTINGS.WORKOS_REQUESTS_PER_SECOND * 100} events/s; the default 10/s caps it at 1,000`,
      ],
      durationMs: nowMs() - started,
    };
  } finally {
    await producer.disconnect();
    await emulator.close();
  }
}

/**
 * Per-request broker timings through kafkajs' own instrumentation (`producer.events.REQUEST`),
 * so the report can say which round trips a page costs. Only producers created through the
 * returned client are observed; the product code is not touched.
 */
import type { Kafka } from 'kafkajs';

/** Calls and summed duration of one Kafka API. */
export interface ApiTiming {
  count: number;
  totalMs: number;
}

/** A Kafka client whose producers report every request they send. */
export interface TimedKafka {
  readonly kafka: Kafka;
  /** Timings by API name (`Produce`, `AddPartitionsToTxn`, `FindCoordinator`→`GroupCoordinator`, `EndTxn`, …). */
  readonly timings: Map<string, ApiTiming>;
}

/** Wraps `kafka.producer` so each producer it makes feeds `timings`. */
export function withRequestTimings(kafka: Kafka): TimedKafka {
  const timings = new Map<string, ApiTiming>();
  const makeProducer = kafka.producer.bind(kafka);
  kafka.producer = (config) => {
    const producer = makeProducer(config);
    producer.on(producer.events.REQUEST, ({ payload }) => {
      const timing = timings.get(payload.apiName) ?? { count: 0, totalMs: 0 };
      timing.count += 1;
      timing.totalMs += payload.duration;
      timings.set(payload.apiName, timing);
    });
    return producer;
  };
  return { kafka, timings };
}

/** "Produce 1.00× 4.1 ms, EndTxn 1.00× 2.0 ms": calls and mean duration per page, for the report. */
export function perPage(timings: ReadonlyMap<string, ApiTiming>, pages: number, apis: readonly string[]): string {
  return apis
    .map((api) => {
      const t = timings.get(api) ?? { count: 0, totalMs: 0 };
      return `${api} ${(t.count / pages).toFixed(2)}× ${(t.count === 0 ? 0 : t.totalMs / t.count).toFixed(1)} ms`;
    })
    .join(', ');
}

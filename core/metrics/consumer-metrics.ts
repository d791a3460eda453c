/**
 * A consumer group's series. The hooks have the shape of the runtime's `ConsumerObserver`
 * (`consumers/runtime/consumer-options.ts`), so core does not import the consumers.
 */
import { Counter, Histogram, type Registry } from 'prom-client';
import { HANDLER_BUCKETS_SECONDS } from './buckets.js';
import { METRIC_PREFIX } from './registry.js';

/** The consumer metrics hooks; cheap, and never throw. */
export interface ConsumerMetrics {
  /** A record is finished: `handled`, `dead-lettered`, or `interrupted` (shutdown or rebalance came first). */
  onRecord(info: { groupId: string; outcome: string }): void;
  /** One handler call (one attempt) returned or threw after `durationMs`. */
  onHandlerCall(info: { groupId: string; durationMs: number }): void;
  /** A record was written to the group's dead-letter topic. */
  onDeadLetter(info: { groupId: string }): void;
}

/** Registers the consumer series on `registry` (once per registry) and returns the hooks. */
export function createConsumerMetrics(registry: Registry): ConsumerMetrics {
  const registers = [registry];
  const p = `${METRIC_PREFIX}consumer_`;
  const records = new Counter({
    name: `${p}records_total`,
    help: 'Records finished by a consumer group, by outcome (handled, dead-lettered, interrupted).',
    labelNames: ['group', 'outcome'],
    registers,
  });
  const handlerSeconds = new Histogram({
    name: `${p}handler_duration_seconds`,
    help: 'Duration of one record-handler call (one attempt, success or failure), in seconds.',
    labelNames: ['group'],
    buckets: [...HANDLER_BUCKETS_SECONDS],
    registers,
  });
  const deadLetters = new Counter({ name: `${p}dead_letters_total`, help: 'Records written to the dead-letter topic, by consumer group.', labelNames: ['group'], registers });
  return {
    onRecord({ groupId, outcome }) {
      records.inc({ group: groupId, outcome });
    },
    onHandlerCall({ groupId, durationMs }) {
      handlerSeconds.observe({ group: groupId }, Math.max(0, durationMs) / 1000);
    },
    onDeadLetter({ groupId }) {
      deadLetters.inc({ group: groupId });
    },
  };
}

/**
 * A consumer group for the runtime tests: reads JSON `{n}` records with quick retries, so a test
 * that fails a record on purpose dead-letters it in well under a second, and is stopped when the
 * test finishes.
 */
import { pino } from 'pino';
import { jsonDecoder } from '../../../../consumers/runtime/json-decoder.js';
import type { RecordHandler } from '../../../../consumers/runtime/record-types.js';
import { runConsumerGroup, type ConsumerGroupRun, type RunConsumerGroupOptions } from '../../../../consumers/runtime/run-consumer-group.js';
import { testKafka } from '../../../support/kafka-test-kit.js';
import { stopAfterTest } from './consumer-kit.js';

/** The value of every record these tests publish. */
export interface Numbered {
  n: number;
}

/** Four attempts 20 to 100 ms apart: a hopeless record is dead-lettered quickly. */
export const FAST_RETRY = { maxAttempts: 4, initialDelayMs: 20, maxDelayMs: 100 };

const logger = pino({ level: 'silent' });

/** Starts a group on `topic` handling `{n}` records with `handler`; `options` adds runtime settings. */
export async function startNumberedGroup(
  topic: string,
  groupId: string,
  handler: RecordHandler<Numbered>,
  options: Partial<RunConsumerGroupOptions<Numbered>> = {},
): Promise<ConsumerGroupRun> {
  const run = await runConsumerGroup<Numbered>({
    kafka: testKafka(),
    groupId,
    topic,
    logger,
    decode: jsonDecoder as (value: Buffer) => Promise<Numbered>,
    retry: FAST_RETRY,
    ...options,
    handler,
  });
  stopAfterTest(run);
  return run;
}

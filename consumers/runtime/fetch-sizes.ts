/**
 * How much a consumer group asks the broker for per fetch. The events topic takes record batches
 * up to its `max.message.bytes` (the connector sets it from WORKOS_EVENTS_MAX_MESSAGE_BYTES, 8 MiB
 * by default), while kafkajs asks for 1 MiB per partition unless told otherwise: a big event would
 * then only arrive when its partition happens to come first in a fetch. The group reads the
 * topic's own limit, so raising it on the connector's side needs no consumer setting.
 */
import type { Kafka } from 'kafkajs';
import type { Logger } from 'pino';
import { disconnectWithin } from '../../core/bounded-disconnect.js';
import { consumerFetchSizes, topicMaxMessageBytes } from '../../core/message-size.js';
import { describeTopicConfig } from '../../core/topics.js';

/** kafkajs consumer options for fetch sizes. */
export interface FetchSizes {
  readonly maxBytesPerPartition: number;
  readonly maxBytes: number;
}

/**
 * Fetch sizes for `topic`: the larger of `floorBytes` and the topic's `max.message.bytes`. When
 * the topic cannot be described (missing yet, or no DescribeConfigs permission) `floorBytes` it is.
 */
export async function fetchSizesFor(kafka: Kafka, topic: string, floorBytes: number, logger: Logger): Promise<FetchSizes> {
  const admin = kafka.admin();
  let topicBytes: number | undefined;
  try {
    await admin.connect();
    topicBytes = topicMaxMessageBytes(await describeTopicConfig(admin, topic));
  } catch (err) {
    logger.info({ err, topic, maxBytesPerPartition: floorBytes }, "could not read the topic's max.message.bytes; fetching up to the default");
  } finally {
    await disconnectWithin(admin, 'fetch size admin', logger);
  }
  return consumerFetchSizes(Math.max(floorBytes, topicBytes ?? 0));
}

/**
 * The events-topic partition the connector will publish an event to: its partition key (the
 * connector's own rule) hashed by kafkajs' murmur2 partitioner, as the connector's producer does.
 * The end-to-end benchmark needs it to tell, from the mirror's per-partition progress, when an
 * event has been applied.
 */
import kafkajs, { type PartitionMetadata } from 'kafkajs';
import { partitionKeyFor, type PartitionKeyInput } from '../connector/partition-key.js';
import { DEFAULT_EVENTS_TOPIC } from '../core/topics.js';

const partitioner = kafkajs.Partitioners.DefaultPartitioner();
const metadataByCount = new Map<number, PartitionMetadata[]>();

/** Partition of `event` in a topic of `partitions` partitions. */
export function partitionOf(event: PartitionKeyInput, partitions: number): number {
  let partitionMetadata = metadataByCount.get(partitions);
  if (partitionMetadata === undefined) {
    // A keyed record's partition depends only on the key and the partition count.
    partitionMetadata = Array.from({ length: partitions }, (_, partitionId) => ({ partitionId, leader: 0, partitionErrorCode: 0, replicas: [0], isr: [0] }));
    metadataByCount.set(partitions, partitionMetadata);
  }
  return partitioner({ topic: DEFAULT_EVENTS_TOPIC, partitionMetadata, message: { key: partitionKeyFor(event).key, value: null } });
}

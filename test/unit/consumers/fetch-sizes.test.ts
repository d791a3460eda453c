/**
 * A consumer group fetches up to the events topic's own max.message.bytes from every partition,
 * never less than its floor, and falls back to the floor when the topic cannot be described.
 */
import type { Kafka } from 'kafkajs';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { fetchSizesFor } from '../../../consumers/runtime/fetch-sizes.js';
import { resolveConsumerOptions } from '../../../consumers/runtime/consumer-options.js';

const MiB = 1024 * 1024;
const logger = pino({ level: 'silent' });

/** A kafka whose admin describes `topic` with `maxMessageBytes`, or fails to. */
function kafkaWithTopic(maxMessageBytes: string | Error): { kafka: Kafka; disconnected: () => boolean } {
  let disconnected = false;
  const admin = {
    connect: async () => undefined,
    disconnect: async () => void (disconnected = true),
    describeConfigs: async ({ resources }: { resources: Array<{ name: string; type: number }> }) => {
      if (maxMessageBytes instanceof Error) throw maxMessageBytes;
      return {
        resources: resources.map(({ name, type }) => ({ resourceName: name, resourceType: type, errorCode: 0, errorMessage: null, configEntries: [{ configName: 'max.message.bytes', configValue: maxMessageBytes }] })),
      };
    },
  };
  return { kafka: { admin: () => admin } as unknown as Kafka, disconnected: () => disconnected };
}

describe('fetchSizesFor', () => {
  it("takes the topic's limit when it is above the floor", async () => {
    const { kafka, disconnected } = kafkaWithTopic(String(16 * MiB));
    expect(await fetchSizesFor(kafka, 'workos.events', 8 * MiB, logger)).toEqual({ maxBytesPerPartition: 16 * MiB, maxBytes: 16 * MiB });
    expect(disconnected()).toBe(true);
  });

  it('keeps the floor for a topic with the broker default (1 MiB)', async () => {
    const { kafka } = kafkaWithTopic('1048588');
    expect(await fetchSizesFor(kafka, 'workos.events', 8 * MiB, logger)).toEqual({ maxBytesPerPartition: 8 * MiB, maxBytes: 10 * MiB });
  });

  it('keeps the floor when the topic cannot be described', async () => {
    const { kafka, disconnected } = kafkaWithTopic(new Error('Topic authorization failed'));
    expect(await fetchSizesFor(kafka, 'workos.events', 8 * MiB, logger)).toEqual({ maxBytesPerPartition: 8 * MiB, maxBytes: 10 * MiB });
    expect(disconnected()).toBe(true);
  });
});

describe('maxMessageBytes', () => {
  const base = { kafka: {} as Kafka, groupId: 'g', topic: 't', handler: async () => undefined, decode: async (value: Buffer | null) => value, logger };

  it('defaults to the events topic default, 8 MiB', () => {
    expect(resolveConsumerOptions(base).maxMessageBytes).toBe(8 * MiB);
  });

  it('must be a whole number ≥ 1', () => {
    expect(() => resolveConsumerOptions({ ...base, maxMessageBytes: 0 })).toThrow(/maxMessageBytes must be an integer ≥ 1/);
  });
});

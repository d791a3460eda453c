import type { Admin } from 'kafkajs';
import kafkajs from 'kafkajs';
import { describe, expect, it, vi } from 'vitest';
import { describeTopicConfig, ensureTopic, hasCleanupPolicy } from '../../../core/topics.js';

type Call = { method: string; args: unknown };

/** An in-memory stand-in for the kafkajs Admin calls topics.ts makes. */
function fakeAdmin(initial: Record<string, { partitions: number; config: Record<string, string> }> = {}) {
  const topics = new Map(Object.entries(initial));
  const calls: Call[] = [];
  const admin = {
    listTopics: vi.fn(async () => (calls.push({ method: 'listTopics', args: null }), [...topics.keys()])),
    createTopics: vi.fn(async (args: { topics: { topic: string; numPartitions: number; configEntries: { name: string; value: string }[] }[] }) => {
      calls.push({ method: 'createTopics', args });
      const [spec] = args.topics;
      if (!spec || topics.has(spec.topic)) return false;
      const config = { 'cleanup.policy': 'delete', 'retention.ms': '604800000' };
      for (const { name, value } of spec.configEntries) (config as Record<string, string>)[name] = value;
      topics.set(spec.topic, { partitions: spec.numPartitions, config });
      return true;
    }),
    fetchTopicMetadata: vi.fn(async ({ topics: names }: { topics: string[] }) => ({
      topics: names.map((name) => ({ name, partitions: Array.from({ length: topics.get(name)?.partitions ?? 0 }, (_, i) => ({ partitionId: i, leader: 0 })) })),
    })),
    describeConfigs: vi.fn(async (args: { resources: { type: number; name: string }[] }) => {
      calls.push({ method: 'describeConfigs', args });
      return {
        throttleTime: 0,
        resources: args.resources.map(({ name, type }) => ({
          resourceName: name,
          resourceType: type,
          errorCode: 0,
          errorMessage: null,
          configEntries: [
            ...Object.entries(topics.get(name)?.config ?? {}).map(([configName, configValue]) => ({ configName, configValue })),
            { configName: 'sasl.jaas.config', configValue: null },
          ],
        })),
      };
    }),
  };
  return { admin: admin as unknown as Admin, calls, mocks: admin };
}

describe('ensureTopic', () => {
  it('creates a missing topic with its configs and returns the effective config', async () => {
    const { admin, calls } = fakeAdmin();
    const result = await ensureTopic(admin, {
      topic: 'workos.cursor',
      numPartitions: 1,
      replicationFactor: 1,
      configEntries: { 'cleanup.policy': 'compact' },
    });
    expect(result).toEqual({ created: true, numPartitions: 1, config: { 'cleanup.policy': 'compact', 'retention.ms': '604800000' } });
    const create = calls.find((c) => c.method === 'createTopics')?.args as { topics: unknown[]; waitForLeaders: boolean };
    expect(create.topics).toEqual([
      { topic: 'workos.cursor', numPartitions: 1, replicationFactor: 1, configEntries: [{ name: 'cleanup.policy', value: 'compact' }] },
    ]);
    // ensureTopic waits for leaders itself (kafkajs' wait gives up on UNKNOWN_TOPIC_OR_PARTITION).
    expect(create.waitForLeaders).toBe(false);
  });

  it('leaves an existing topic alone and reports its config and partitions', async () => {
    const { admin, mocks } = fakeAdmin({ 'workos.cursor': { partitions: 3, config: { 'cleanup.policy': 'delete' } } });
    const result = await ensureTopic(admin, { topic: 'workos.cursor', numPartitions: 1, replicationFactor: 1, configEntries: { 'cleanup.policy': 'compact' } });
    expect(mocks.createTopics).not.toHaveBeenCalled();
    expect(result).toEqual({ created: false, numPartitions: 3, config: { 'cleanup.policy': 'delete' } });
    expect(hasCleanupPolicy(result.config, 'compact')).toBe(false);
  });

  it('wraps kafkajs failures as KAFKA_ERROR keeping kafkajs retriable verdict', async () => {
    const { admin, mocks } = fakeAdmin();
    mocks.listTopics.mockRejectedValueOnce(Object.assign(new Error('Connection timeout'), { retriable: true }));
    await expect(ensureTopic(admin, { topic: 't', numPartitions: 1, replicationFactor: 1 })).rejects.toMatchObject({
      code: 'KAFKA_ERROR',
      retriable: true,
      context: { topic: 't' },
    });
  });
});

describe('describeTopicConfig', () => {
  it('asks for the TOPIC resource type and drops withheld (null) values', async () => {
    const { admin, calls } = fakeAdmin({ t: { partitions: 1, config: { 'cleanup.policy': 'compact,delete' } } });
    const config = await describeTopicConfig(admin, 't');
    expect(config).toEqual({ 'cleanup.policy': 'compact,delete' });
    expect(Object.isFrozen(config)).toBe(true);
    const args = calls.find((c) => c.method === 'describeConfigs')?.args as { resources: { type: number; name: string }[] };
    expect(args.resources).toEqual([{ type: kafkajs.ConfigResourceTypes.TOPIC, name: 't' }]);
  });

  it('throws TOPIC_MISCONFIGURED when the broker reports an error for the topic', async () => {
    const { admin, mocks } = fakeAdmin();
    mocks.describeConfigs.mockResolvedValueOnce({
      throttleTime: 0,
      resources: [{ resourceName: 'gone', resourceType: 2, errorCode: 3, errorMessage: 'UNKNOWN_TOPIC_OR_PARTITION', configEntries: [] }],
    } as never);
    await expect(describeTopicConfig(admin, 'gone')).rejects.toMatchObject({ code: 'TOPIC_MISCONFIGURED', context: { topic: 'gone' } });
  });
});

describe('hasCleanupPolicy', () => {
  it('reads comma lists and defaults to delete', () => {
    expect(hasCleanupPolicy({ 'cleanup.policy': 'compact' }, 'compact')).toBe(true);
    expect(hasCleanupPolicy({ 'cleanup.policy': 'compact, delete' }, 'delete')).toBe(true);
    expect(hasCleanupPolicy({}, 'delete')).toBe(true);
    expect(hasCleanupPolicy({}, 'compact')).toBe(false);
  });
});

describe('ensureTopic on a broker still propagating a new topic', () => {
  // Regression: kafkajs' waitForLeaders gave up on UNKNOWN_TOPIC_OR_PARTITION right after creation
  // on a busy broker, and the embedded run exited with "This server does not host this topic-partition".
  it('waits through retriable metadata errors and leaderless partitions', async () => {
    const unknown = Object.assign(new Error('This server does not host this topic-partition'), { retriable: true, type: 'UNKNOWN_TOPIC_OR_PARTITION' });
    let metadataCalls = 0;
    const admin = {
      listTopics: async () => [],
      createTopics: async () => true,
      fetchTopicMetadata: async ({ topics }: { topics: string[] }) => {
        metadataCalls += 1;
        if (metadataCalls === 1) throw unknown;
        const leader = metadataCalls === 2 ? -1 : 0;
        return { topics: topics.map((name) => ({ name, partitions: [{ partitionId: 0, leader }, { partitionId: 1, leader: 0 }] })) };
      },
      describeConfigs: async ({ resources }: { resources: { type: number; name: string }[] }) => ({
        throttleTime: 0,
        resources: resources.map(({ name, type }) => ({ resourceName: name, resourceType: type, errorCode: 0, errorMessage: null, configEntries: [] })),
      }),
    } as unknown as Admin;
    const result = await ensureTopic(admin, { topic: 'fresh', numPartitions: 2, replicationFactor: 1 });
    expect(result).toMatchObject({ created: true, numPartitions: 2 });
    expect(metadataCalls).toBe(3);
  });
});

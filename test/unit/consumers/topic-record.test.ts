import { describe, expect, it } from 'vitest';
import { parseTopicRecord } from '../../../consumers/events/topic-record.js';
import { createNotifierHandler } from '../../../consumers/notifier/notifier-consumer.js';
import type { EffectExecutor } from '../../../consumers/notifier/effect-executor.js';
import type { HandlerContext } from '../../../consumers/runtime/record-types.js';
import { at, directoryUser, event, user } from './fixtures/workos-events.js';

const snapshotUser = {
  object: 'snapshot_record',
  op: 'r',
  snapshot_id: 'snapshot_1',
  snapshot_started_at: at(5),
  entity: 'user',
  organization_id: null,
  data: user('user_1', at(1)),
};
const snapshotDirectoryUser = { ...snapshotUser, entity: 'directory_user', organization_id: 'org_1', data: directoryUser('directory_user_1', at(1)) };
const completion = { object: 'snapshot_completion', snapshot_id: 'snapshot_1', snapshot_started_at: at(5), entity: 'user', organization_id: null, listed: 1, parts: 3, part: 2 };

describe('parseTopicRecord', () => {
  it('tells events, snapshot records and completions apart', () => {
    expect(parseTopicRecord(event('user.created', user('user_1', at(1)))).kind).toBe('event');
    expect(parseTopicRecord(snapshotUser)).toEqual({ kind: 'snapshot', record: snapshotUser });
    expect(parseTopicRecord(completion)).toEqual({ kind: 'snapshot-completion', completion });
  });

  it('refuses a snapshot record or completion that breaks its schema, as a non-retriable invalid record', () => {
    for (const broken of [{ ...snapshotUser, data: {} }, { ...snapshotUser, entity: 'widget' }, { ...completion, part: 3 }, { ...completion, snapshot_started_at: 'soon' }]) {
      expect(() => parseTopicRecord(broken)).toThrow(expect.objectContaining({ code: 'INVALID_EVENT', retriable: false }));
    }
  });
});

describe('the notifier and snapshot records', () => {
  it('plans no effect for a snapshot record or a completion, and still welcomes a user created by an event', async () => {
    const runs: unknown[] = [];
    const executor = { run: async (effects: unknown) => void runs.push(effects) } as unknown as EffectExecutor;
    const handler = createNotifierHandler(executor);
    const context = { signal: new AbortController().signal } as HandlerContext;
    await handler(snapshotUser, context);
    await handler(snapshotDirectoryUser, context);
    await handler(completion, context);
    expect(runs).toEqual([]);
    // The same directory user arriving as a creation event is welcomed.
    await handler(event('dsync.user.created', directoryUser('directory_user_1', at(1))), context);
    expect(runs).toHaveLength(1);
  });
});

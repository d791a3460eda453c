import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createBatchHeartbeat } from '../../../consumers/runtime/batch-heartbeat.js';
import { processRecord, type ProcessRecordDeps } from '../../../consumers/runtime/process-record.js';
import { jsonDecoder } from '../../../consumers/runtime/json-decoder.js';
import type { ConsumedRecord, RecordHandler } from '../../../consumers/runtime/record-types.js';
import { ConnectorError } from '../../../core/errors.js';
import { resolveRetryPolicy } from '../../../core/retry.js';

const logger = pino({ level: 'silent' });

function recordOf(value: string | Buffer | null): ConsumedRecord {
  return {
    topic: 't',
    partition: 0,
    offset: '7',
    key: null,
    value: typeof value === 'string' ? Buffer.from(value) : value,
    headers: {},
    rawHeaders: {},
    timestamp: '0',
  };
}

function deps(handler: RecordHandler, overrides: Partial<ProcessRecordDeps<unknown>> = {}) {
  const deadLettered: Array<{ err: unknown; attempts: number }> = [];
  let beats = 0;
  const all: ProcessRecordDeps<unknown> = {
    decode: jsonDecoder,
    handler,
    policy: resolveRetryPolicy({ maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 2 }),
    heartbeat: createBatchHeartbeat(async () => {
      beats += 1;
    }, logger),
    signal: new AbortController().signal,
    logger,
    deadLetter: async (_record, err, attempts) => {
      deadLettered.push({ err, attempts });
    },
    ...overrides,
  };
  return { all, deadLettered, beats: () => beats };
}

describe('processRecord', () => {
  it('hands the decoded value to the handler once when it succeeds', async () => {
    const seen: unknown[] = [];
    const d = deps(async (value, ctx) => {
      seen.push([value, ctx.attempt]);
    });
    await expect(processRecord(recordOf('{"a":1}'), d.all)).resolves.toBe('handled');
    expect(seen).toEqual([[{ a: 1 }, 1]]);
  });

  it('retries a retriable failure in place, then succeeds without dead-lettering', async () => {
    let calls = 0;
    const d = deps(async () => {
      calls += 1;
      if (calls < 3) throw new ConnectorError('db busy', { code: 'HANDLER_FAILED', retriable: true });
    });
    await expect(processRecord(recordOf('{}'), d.all)).resolves.toBe('handled');
    expect(calls).toBe(3);
    expect(d.deadLettered).toEqual([]);
  });

  it('dead-letters after maxAttempts retriable failures, counting the attempts', async () => {
    let calls = 0;
    const d = deps(async () => {
      calls += 1;
      throw new Error('still down');
    });
    await expect(processRecord(recordOf('{}'), d.all)).resolves.toBe('dead-lettered');
    expect(calls).toBe(4);
    expect(d.deadLettered).toMatchObject([{ attempts: 4 }]);
  });

  it('dead-letters a non-retriable error at once', async () => {
    let calls = 0;
    const d = deps(async () => {
      calls += 1;
      throw new ConnectorError('bad event', { code: 'INVALID_EVENT', retriable: false });
    });
    await expect(processRecord(recordOf('{}'), d.all)).resolves.toBe('dead-lettered');
    expect(calls).toBe(1);
    expect((d.deadLettered[0]?.err as ConnectorError).code).toBe('INVALID_EVENT');
  });

  it('dead-letters undecodable bytes and null values at once as DECODE_FAILED, without calling the handler', async () => {
    let calls = 0;
    const d = deps(async () => {
      calls += 1;
    });
    await expect(processRecord(recordOf(Buffer.from([0xff, 0xfe, 0x00])), d.all)).resolves.toBe('dead-lettered');
    await expect(processRecord(recordOf(null), d.all)).resolves.toBe('dead-lettered');
    expect(calls).toBe(0);
    expect(d.deadLettered.map((x) => [(x.err as ConnectorError).code, x.attempts])).toEqual([
      ['DECODE_FAILED', 1],
      ['DECODE_FAILED', 1],
    ]);
  });

  it('retries a decoder failure that says it is retriable (registry down)', async () => {
    let decodes = 0;
    const d = deps(async () => undefined, {
      decode: async () => {
        decodes += 1;
        if (decodes === 1) throw new ConnectorError('registry down', { code: 'REGISTRY_UNAVAILABLE', retriable: true });
        return {};
      },
    });
    await expect(processRecord(recordOf('{}'), d.all)).resolves.toBe('handled');
    expect(decodes).toBe(2);
  });

  it('keeps retrying the dead-letter write until it succeeds (the partition never skips)', async () => {
    let writes = 0;
    const d = deps(
      async () => {
        throw new TypeError('bug');
      },
      {
        deadLetter: async () => {
          writes += 1;
          if (writes < 3) throw new Error('broker unavailable');
        },
      },
    );
    await expect(processRecord(recordOf('{}'), d.all)).resolves.toBe('dead-lettered');
    expect(writes).toBe(3);
  });

  it('stops with "interrupted" (no dead-letter) when shutdown comes during the backoff', async () => {
    const controller = new AbortController();
    const d = deps(
      async () => {
        setTimeout(() => controller.abort(), 5);
        throw new Error('transient');
      },
      { signal: controller.signal, policy: resolveRetryPolicy({ maxAttempts: 10, initialDelayMs: 5_000, maxDelayMs: 5_000, jitter: 0 }) },
    );
    const started = Date.now();
    await expect(processRecord(recordOf('{}'), d.all)).resolves.toBe('interrupted');
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(d.deadLettered).toEqual([]);
  });

  it('heartbeats while backing off', async () => {
    let calls = 0;
    const d = deps(
      async () => {
        calls += 1;
        if (calls === 1) throw new Error('transient');
      },
      { policy: resolveRetryPolicy({ maxAttempts: 3, initialDelayMs: 1_200, maxDelayMs: 1_200, jitter: 0 }) },
    );
    await expect(processRecord(recordOf('{}'), d.all)).resolves.toBe('handled');
    expect(d.beats()).toBeGreaterThanOrEqual(2);
  });
});

describe('createBatchHeartbeat', () => {
  it('absorbs REBALANCE_IN_PROGRESS and flags the batch to yield', async () => {
    const beat = createBatchHeartbeat(async () => {
      throw Object.assign(new Error('The group is rebalancing'), { type: 'REBALANCE_IN_PROGRESS' });
    }, logger);
    await expect(beat()).resolves.toBeUndefined();
    expect(beat.rebalancing).toBe(true);
  });

  it('absorbs other heartbeat errors without flagging a rebalance', async () => {
    const beat = createBatchHeartbeat(async () => {
      throw new Error('socket hang up');
    }, logger);
    await expect(beat()).resolves.toBeUndefined();
    expect(beat.rebalancing).toBe(false);
  });
});

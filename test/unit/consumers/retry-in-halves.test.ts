/**
 * A batch whose batch-handler call failed is tried again in halves; only small runs go one record
 * at a time. Checked with a batch handler that fails whenever a poison offset is in its batch.
 */
import { describe, expect, it } from 'vitest';
import type { BatchOutcome } from '../../../consumers/runtime/process-batch.js';
import type { ConsumedRecord } from '../../../consumers/runtime/record-types.js';
import { retryInHalves } from '../../../consumers/runtime/retry-in-halves.js';

/** Records at offsets 0…count-1 (only the offset matters here). */
function records(count: number): ConsumedRecord[] {
  return Array.from({ length: count }, (_, i) => ({ offset: String(i) }) as ConsumedRecord);
}

function harness(poison: ReadonlySet<string>, options: { perRecordAt?: number; interruptAtCall?: number; stopAfterCalls?: number } = {}) {
  const batchCalls: Array<[string, number]> = [];
  const handledBy: string[] = [];
  const perRecordRuns: string[][] = [];
  const through: string[] = [];
  let calls = 0;
  const run = (input: readonly ConsumedRecord[]) =>
    retryInHalves(input, {
      tryBatch: async (batch): Promise<BatchOutcome> => {
        calls += 1;
        batchCalls.push([batch[0]?.offset as string, batch.length]);
        if (calls === options.interruptAtCall) return 'interrupted';
        if (batch.some((r) => poison.has(r.offset))) return 'failed';
        for (const r of batch) handledBy.push(r.offset);
        return 'handled';
      },
      handledThrough: async (record) => {
        through.push(record.offset);
      },
      perRecord: async (batch) => {
        perRecordRuns.push(batch.map((r) => r.offset));
        for (const r of batch) handledBy.push(r.offset);
        return true;
      },
      mustStop: () => options.stopAfterCalls !== undefined && calls >= options.stopAfterCalls,
      perRecordAt: options.perRecordAt,
    });
  return { run, batchCalls, handledBy, perRecordRuns, through };
}

describe('retryInHalves', () => {
  it('isolates one poison record among 2,000 with a few batch calls and one short per-record run, in order, each record once', async () => {
    const h = harness(new Set(['1234']));
    expect(await h.run(records(2_000))).toBe(true);
    expect(h.handledBy).toEqual(Array.from({ length: 2_000 }, (_, i) => String(i)));
    expect(h.perRecordRuns).toHaveLength(1);
    expect(h.perRecordRuns[0]).toContain('1234');
    expect(h.perRecordRuns[0]!.length).toBeLessThanOrEqual(64);
    // 2,000 → 1,000 → 500 → 250 → 125 → 63: two calls per level at most.
    expect(h.batchCalls.length).toBeLessThanOrEqual(10);
    // Offsets move past every half that succeeded, in order.
    expect(h.through).toEqual([...h.through].sort((a, b) => Number(a) - Number(b)));
    expect(h.through.at(-1)).toBe('1999');
  });

  it('goes straight to the per-record path for a run at or under the threshold', async () => {
    const h = harness(new Set(['3']), { perRecordAt: 64 });
    expect(await h.run(records(64))).toBe(true);
    expect(h.batchCalls).toEqual([]);
    expect(h.perRecordRuns).toEqual([records(64).map((r) => r.offset)]);
  });

  it('splits each half that fails again, with two poison records far apart', async () => {
    const h = harness(new Set(['10', '900']), { perRecordAt: 16 });
    expect(await h.run(records(1_000))).toBe(true);
    expect(h.handledBy).toEqual(Array.from({ length: 1_000 }, (_, i) => String(i)));
    expect(h.perRecordRuns).toHaveLength(2);
    expect(h.perRecordRuns.flat()).toEqual(expect.arrayContaining(['10', '900']));
    expect(h.perRecordRuns.every((run) => run.length <= 16)).toBe(true);
  });

  it('stops where shutdown or a rebalance cuts in, and handles nothing after it', async () => {
    const interrupted = harness(new Set(['1']), { interruptAtCall: 2 });
    expect(await interrupted.run(records(500))).toBe(false);
    const stopped = harness(new Set(['1']), { stopAfterCalls: 1 });
    expect(await stopped.run(records(500))).toBe(false);
    expect(stopped.batchCalls).toHaveLength(1);
    expect(stopped.handledBy).toEqual([]);
  });
});

import { describe, expect, it } from 'vitest';
import { IndexHeap } from '../../../consumers/runtime/index-heap.js';
import { processByKey, schedulingKeyOf, type SchedulingKey } from '../../../consumers/runtime/process-by-key.js';
import type { RecordOutcome } from '../../../consumers/runtime/process-record.js';

interface TestRecord {
  readonly name: string;
  readonly key: SchedulingKey;
}

/** Records named `<key><n>` (`a0`, `b0`, `a1` …); a name starting with `_` has no key. */
function recordsOf(...names: string[]): TestRecord[] {
  return names.map((name) => ({ name, key: name.startsWith('_') ? null : (name[0] as string) }));
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * Runs `processByKey` over `records` with a process step the test finishes by hand, recording
 * what started, the peak in flight and every `finishedThrough` call.
 */
function harness(records: readonly TestRecord[], maxInFlight: number, mustStop: () => boolean = () => false) {
  const endings = new Map<string, { resolve: (outcome: RecordOutcome) => void; reject: (err: unknown) => void }>();
  const started: string[] = [];
  const finishedThrough: string[] = [];
  let inFlight = 0;
  let peak = 0;
  const done = processByKey({
    records,
    keyOf: (record) => record.key,
    maxInFlight,
    mustStop,
    process: (record) => {
      started.push(record.name);
      inFlight += 1;
      peak = Math.max(peak, inFlight);
      return new Promise<RecordOutcome>((resolve, reject) => endings.set(record.name, { resolve, reject })).finally(() => {
        inFlight -= 1;
      });
    },
    finishedThrough: async (record) => {
      finishedThrough.push(record.name);
    },
  });
  const finish = async (name: string, outcome: RecordOutcome = 'handled'): Promise<void> => {
    const ending = endings.get(name);
    if (ending === undefined) throw new Error(`${name} has not started`);
    ending.resolve(outcome);
    await settle();
  };
  const fail = async (name: string, err: unknown): Promise<void> => {
    endings.get(name)?.reject(err);
    await settle();
  };
  return { done, started, finishedThrough, finish, fail, peak: () => peak, inFlight: () => inFlight };
}

describe('processByKey', () => {
  it('runs records of one key one after another in offset order, other keys meanwhile', async () => {
    const run = harness(recordsOf('a0', 'b0', 'a1', 'c0', 'a2', 'b1'), 8);
    await settle();
    expect(run.started).toEqual(['a0', 'b0', 'c0']);
    await run.finish('b0');
    expect(run.started).toEqual(['a0', 'b0', 'c0', 'b1']);
    await run.finish('a0');
    expect(run.started.at(-1)).toBe('a1');
    await run.finish('a1');
    expect(run.started.at(-1)).toBe('a2');
    for (const name of ['a2', 'c0', 'b1']) await run.finish(name);
    await expect(run.done).resolves.toBe(true);
    expect(run.started).toEqual(['a0', 'b0', 'c0', 'b1', 'a1', 'a2']);
  });

  it('keeps at most maxInFlight records in flight, and starts the lowest ready record first', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `${String.fromCharCode(97 + i)}0`);
    const run = harness(recordsOf(...names), 4);
    await settle();
    expect(run.started).toEqual(['a0', 'b0', 'c0', 'd0']);
    for (const name of names) {
      expect(run.inFlight()).toBeLessThanOrEqual(4);
      await run.finish(name);
    }
    await expect(run.done).resolves.toBe(true);
    expect(run.peak()).toBe(4);
    expect(run.started).toEqual(names);
  });

  it('treats records without a key as one key', async () => {
    const run = harness(recordsOf('_0', '_1', 'a0'), 8);
    await settle();
    expect(run.started).toEqual(['_0', 'a0']);
    await run.finish('_0');
    expect(run.started).toEqual(['_0', 'a0', '_1']);
    await run.finish('_1');
    await run.finish('a0');
    await expect(run.done).resolves.toBe(true);
  });

  it('reports the finished prefix only, never past the lowest unfinished record (out-of-order finish)', async () => {
    const run = harness(recordsOf('a0', 'b0', 'c0', 'd0'), 4);
    await settle();
    await run.finish('c0');
    await run.finish('b0');
    expect(run.finishedThrough, 'a0 is still running: nothing may be committed').toEqual([]);
    await run.finish('a0');
    expect(run.finishedThrough).toEqual(['c0']);
    await run.finish('d0');
    expect(run.finishedThrough).toEqual(['c0', 'd0']);
    await expect(run.done).resolves.toBe(true);
  });

  it('after an interrupted record starts nothing new, lets the others end and reports the prefix before it', async () => {
    const run = harness(recordsOf('a0', 'b0', 'c0', 'd0', 'e0', 'a1'), 3);
    await settle();
    expect(run.started).toEqual(['a0', 'b0', 'c0']);
    await run.finish('b0', 'interrupted');
    expect(run.started, 'no new record once one was interrupted').toEqual(['a0', 'b0', 'c0']);
    await run.finish('c0');
    await run.finish('a0');
    await expect(run.done).resolves.toBe(false);
    expect(run.finishedThrough).toEqual(['a0']);
  });

  it('stops starting records when mustStop says so and resolves what finished', async () => {
    let stop = false;
    const run = harness(recordsOf('a0', 'b0', 'c0', 'd0'), 2, () => stop);
    await settle();
    await run.finish('a0');
    expect(run.started).toEqual(['a0', 'b0', 'c0']);
    stop = true;
    await run.finish('c0');
    await run.finish('b0');
    await expect(run.done).resolves.toBe(false);
    expect(run.started, 'd0 never started').toEqual(['a0', 'b0', 'c0']);
    expect(run.finishedThrough).toEqual(['a0', 'c0']);
  });

  it('rethrows an unexpected failure once the records in flight ended, resolving nothing past it', async () => {
    const run = harness(recordsOf('a0', 'b0', 'c0'), 2);
    await settle();
    await run.fail('a0', new Error('bug'));
    expect(run.started).toEqual(['a0', 'b0']);
    let settled = false;
    void run.done.catch(() => undefined).finally(() => (settled = true));
    await settle();
    expect(settled, 'waits for b0').toBe(false);
    await run.finish('b0');
    await expect(run.done).rejects.toThrow('bug');
    expect(run.finishedThrough).toEqual([]);
  });

  it('with maxInFlight 1 runs strictly in offset order', async () => {
    const run = harness(recordsOf('a0', 'b0', 'a1'), 1);
    await settle();
    for (const name of ['a0', 'b0', 'a1']) {
      expect(run.started.at(-1)).toBe(name);
      await run.finish(name);
    }
    await expect(run.done).resolves.toBe(true);
    expect(run.finishedThrough).toEqual(['a0', 'b0', 'a1']);
  });
});

describe('schedulingKeyOf', () => {
  it('keeps distinct byte keys distinct and maps a missing key to null', () => {
    expect(schedulingKeyOf(Buffer.from([0xc3, 0xa9]))).not.toBe(schedulingKeyOf(Buffer.from('é', 'latin1')));
    expect(schedulingKeyOf(Buffer.from('org_1'))).toBe(schedulingKeyOf(Buffer.from('org_1')));
    expect(schedulingKeyOf(null)).toBeNull();
  });
});

describe('IndexHeap', () => {
  it('pops in ascending order', () => {
    const heap = new IndexHeap();
    const values = [5, 3, 9, 0, 7, 3, 12, 1];
    for (const value of values) heap.push(value);
    const popped: number[] = [];
    while (heap.size > 0) popped.push(heap.pop() as number);
    expect(popped).toEqual([...values].sort((a, b) => a - b));
    expect(heap.pop()).toBeUndefined();
  });
});

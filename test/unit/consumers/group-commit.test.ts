import { describe, expect, it } from 'vitest';
import { groupCommit } from '../../../consumers/directory-mirror/group-commit.js';

/** A transaction that records what it was given and answers each write with itself doubled. */
function recordingTransaction(fail: (writes: readonly number[]) => boolean = () => false) {
  const calls: number[][] = [];
  let release: () => void = () => undefined;
  let gate = Promise.resolve();
  const transaction = async (writes: readonly number[]): Promise<number[]> => {
    calls.push([...writes]);
    await gate;
    if (fail(writes)) throw new Error(`refused ${writes.join(',')}`);
    return writes.map((w) => w * 2);
  };
  const hold = (): void => {
    gate = new Promise((resolve) => (release = resolve));
  };
  return { calls, transaction, hold, release: () => release() };
}

describe('groupCommit', () => {
  it('runs a lone batch at once, and groups the batches that arrive while it runs into one transaction', async () => {
    const tx = recordingTransaction();
    const apply = groupCommit(tx.transaction, 1);
    tx.hold();
    const first = apply([1, 2]);
    const second = apply([3]);
    const third = apply([4, 5]);
    await Promise.resolve();
    expect(tx.calls).toEqual([[1, 2]]);
    tx.release();
    expect(await first).toEqual([2, 4]);
    expect(await second).toEqual([6]);
    expect(await third).toEqual([8, 10]);
    expect(tx.calls).toEqual([[1, 2], [3, 4, 5]]);
  });

  it('retries a failed group batch by batch, so only the bad batch fails', async () => {
    const tx = recordingTransaction((writes) => writes.includes(13));
    const apply = groupCommit(tx.transaction, 1);
    tx.hold();
    const first = apply([1]);
    const good = apply([2]);
    const bad = apply([13]);
    const alsoGood = apply([3]);
    tx.release();
    expect(await first).toEqual([2]);
    await expect(bad).rejects.toThrow('refused 13');
    expect(await good).toEqual([4]);
    expect(await alsoGood).toEqual([6]);
    expect(tx.calls).toEqual([[1], [2, 13, 3], [2], [13], [3]]);
  });

  it('runs up to maxInFlight transactions at once before it groups', async () => {
    const tx = recordingTransaction();
    const apply = groupCommit(tx.transaction, 2);
    tx.hold();
    const results = [apply([1]), apply([2]), apply([3]), apply([4])];
    await Promise.resolve();
    expect(tx.calls).toEqual([[1], [2]]);
    tx.release();
    expect(await Promise.all(results)).toEqual([[2], [4], [6], [8]]);
    expect(tx.calls).toEqual([[1], [2], [3, 4]]);
  });

  it('keeps going after a failed lone batch', async () => {
    const tx = recordingTransaction((writes) => writes.includes(13));
    const apply = groupCommit(tx.transaction, 1);
    await expect(apply([13])).rejects.toThrow('refused 13');
    expect(await apply([1])).toEqual([2]);
  });
});

/**
 * Group commit for the mirror's transactions. While `maxInFlight` transactions are running, the
 * batches that arrive wait and then go together in one transaction: on SQLite, where
 * transactions run one after another anyway, three partitions' batches then cost one commit (one
 * fsync) instead of three. Each caller still resolves only once its writes are committed. A
 * grouped transaction that fails is retried batch by batch, so one caller's bad batch never fails
 * another's (the same all-or-nothing per caller as without grouping).
 */

/** Runs one transaction over the writes of several callers, in order; returns one result per write. */
export type GroupTransaction<W, R> = (writes: readonly W[]) => Promise<R[]>;

/** Applies batches of writes through grouped transactions. */
export type GroupedApply<W, R> = (writes: readonly W[]) => Promise<R[]>;

interface Waiting<W, R> {
  readonly writes: readonly W[];
  resolve(results: R[]): void;
  reject(err: unknown): void;
}

/** Wraps `transaction` so that calls arriving while `maxInFlight` transactions run share the next one. */
export function groupCommit<W, R>(transaction: GroupTransaction<W, R>, maxInFlight: number): GroupedApply<W, R> {
  let waiting: Waiting<W, R>[] = [];
  let inFlight = 0;

  const runGroup = async (group: readonly Waiting<W, R>[]): Promise<void> => {
    if (group.length === 1) {
      const [only] = group as [Waiting<W, R>];
      await transaction(only.writes).then(only.resolve, only.reject);
      return;
    }
    let results: R[];
    try {
      results = await transaction(group.flatMap((member) => member.writes));
    } catch {
      // Which batch broke the transaction is unknown: each alone, as if it had never been grouped.
      for (const member of group) await transaction(member.writes).then(member.resolve, member.reject);
      return;
    }
    let at = 0;
    for (const member of group) {
      member.resolve(results.slice(at, at + member.writes.length));
      at += member.writes.length;
    }
  };

  const startNext = (): void => {
    if (inFlight >= maxInFlight || waiting.length === 0) return;
    const group = waiting;
    waiting = [];
    inFlight += 1;
    void runGroup(group).finally(() => {
      inFlight -= 1;
      startNext();
    });
  };

  return (writes) =>
    new Promise<R[]>((resolve, reject) => {
      waiting.push({ writes, resolve, reject });
      startNext();
    });
}

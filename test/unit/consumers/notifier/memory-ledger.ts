/**
 * A ledger in a Map that follows the same claim rule as the SQL one (`decideClaim`), with the
 * stored requests: enough to test the executor's decisions without a database.
 */
import { decideClaim, takeOverStartMs, type EffectLedger, type LedgerEntry, type StoredRequest } from '../../../../consumers/notifier/effect-ledger.js';

export interface MemoryLedger extends EffectLedger {
  readonly requests: Map<string, StoredRequest>;
  /** Writes a row as a crashed run would have left it. */
  put(entry: Partial<LedgerEntry> & Pick<LedgerEntry, 'effect' | 'eventId'>): void;
}

export function memoryLedger(): MemoryLedger {
  const rows = new Map<string, LedgerEntry>();
  const requests = new Map<string, StoredRequest>();
  const key = (effect: string, eventId: string) => `${effect}|${eventId}`;
  const update = (effect: string, eventId: string, change: Partial<LedgerEntry>) => {
    const row = rows.get(key(effect, eventId));
    if (row) rows.set(key(effect, eventId), { ...row, ...change });
  };
  let clock = 1_000;
  return {
    requests,
    put(entry) {
      rows.set(key(entry.effect, entry.eventId), {
        idempotencyKey: `${entry.effect}:${entry.eventId}`,
        state: 'started',
        attempts: 1,
        startedAtMs: 500,
        finishedAtMs: null,
        lastError: null,
        ...entry,
      });
    },
    async migrate() {},
    async claim(effect, eventId, idempotencyKey, options = {}) {
      const existing = rows.get(key(effect, eventId));
      const decision = decideClaim(existing, options.takeOverInDoubt ?? false);
      if (decision === 'skip') return { claimed: false, entry: existing! };
      clock += 1;
      if (options.request) requests.set(key(effect, eventId), options.request);
      if (decision === 'take-over') {
        rows.set(key(effect, eventId), { ...existing!, startedAtMs: takeOverStartMs(existing!, clock) });
        return { claimed: true, takenOver: existing! };
      }
      rows.set(key(effect, eventId), { effect, eventId, idempotencyKey, state: 'started', attempts: 0, startedAtMs: clock, finishedAtMs: null, lastError: null });
      return { claimed: true };
    },
    async recordAttempt(effect, eventId) {
      update(effect, eventId, { attempts: (rows.get(key(effect, eventId))?.attempts ?? 0) + 1 });
    },
    async markDone(effect, eventId) {
      update(effect, eventId, { state: 'done' });
      requests.delete(key(effect, eventId));
    },
    async markFailed(effect, eventId, error) {
      if (rows.get(key(effect, eventId))?.state === 'started') update(effect, eventId, { state: 'failed', lastError: error });
    },
    async release(effect, eventId) {
      requests.delete(key(effect, eventId));
      return rows.delete(key(effect, eventId));
    },
    async get(effect, eventId) {
      return rows.get(key(effect, eventId));
    },
    async list(state) {
      return [...rows.values()].filter((row) => state === undefined || row.state === state);
    },
    async counts() {
      const counts = { started: 0, done: 0, failed: 0 };
      for (const row of rows.values()) counts[row.state] += 1;
      return counts;
    },
    async close() {},
  };
}

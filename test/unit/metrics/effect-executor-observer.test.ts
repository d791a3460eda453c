import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createEffectExecutor } from '../../../consumers/notifier/effect-executor.js';
import type { EffectLedger, LedgerEntry, LedgerState } from '../../../consumers/notifier/effect-ledger.js';
import { idempotencyKeyOf, type PlannedEffect } from '../../../consumers/notifier/effects.js';
import { createRecordingSender } from '../../../consumers/notifier/senders/recording-sender.js';
import { createEffectMetrics } from '../../../core/metrics/effect-metrics.js';
import { createMetricsRegistry } from '../../../core/metrics/registry.js';
import { parseSamples, valueOf } from './prom-text.js';

const logger = pino({ level: 'silent' });

/** A ledger in a Map: enough for the executor's claim / done / failed rules. */
function memoryLedger(): EffectLedger {
  const rows = new Map<string, LedgerEntry>();
  const key = (effect: string, eventId: string) => `${effect}|${eventId}`;
  const update = (effect: string, eventId: string, change: Partial<LedgerEntry>) => {
    const row = rows.get(key(effect, eventId));
    if (row) rows.set(key(effect, eventId), { ...row, ...change });
  };
  return {
    async migrate() {},
    async claim(effect, eventId, idempotencyKey) {
      const entry = rows.get(key(effect, eventId));
      if (entry) return { claimed: false, entry };
      rows.set(key(effect, eventId), { effect, eventId, idempotencyKey, state: 'started', attempts: 0, startedAtMs: 0, finishedAtMs: null, lastError: null });
      return { claimed: true };
    },
    async recordAttempt(effect, eventId) {
      update(effect, eventId, { attempts: (rows.get(key(effect, eventId))?.attempts ?? 0) + 1 });
    },
    async markDone(effect, eventId) {
      update(effect, eventId, { state: 'done' });
    },
    async markFailed(effect, eventId, error) {
      update(effect, eventId, { state: 'failed', lastError: error });
    },
    async release(effect, eventId) {
      return rows.delete(key(effect, eventId));
    },
    async get(effect, eventId) {
      return rows.get(key(effect, eventId));
    },
    async list(state?: LedgerState) {
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

function welcome(eventId: string): PlannedEffect {
  return { name: 'welcome-message', eventId, eventType: 'dsync.user.created', idempotencyKey: idempotencyKeyOf('welcome-message', eventId), payload: {} };
}

describe('effect executor observer', () => {
  it('reports sent, already-done, in-doubt, previously-failed and failed to the effect metrics', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const ledger = memoryLedger();
    const sender = createRecordingSender();
    const executor = createEffectExecutor({
      ledger,
      senders: { 'welcome-message': sender, 'deprovision-call': sender },
      logger,
      retry: { maxAttempts: 2, initialDelayMs: 1, maxDelayMs: 1 },
      observer: createEffectMetrics(registry),
    });

    await executor.run([welcome('e1')]); // sent
    await executor.run([welcome('e1')]); // already-done
    await ledger.claim('welcome-message', 'e2', 'k2'); // a crash left it started
    await executor.run([welcome('e2')]); // in-doubt
    sender.failNext(2);
    await expect(executor.run([welcome('e3')])).rejects.toMatchObject({ code: 'HANDLER_FAILED' }); // failed
    await executor.run([welcome('e3')]); // previously-failed

    const samples = parseSamples(await registry.metrics());
    const count = (outcome: string) => valueOf(samples, 'workos_kafka_notifier_effects_total', { effect: 'welcome-message', outcome });
    expect([count('sent'), count('already-done'), count('in-doubt'), count('failed'), count('previously-failed')]).toEqual([1, 1, 1, 1, 1]);
  });

  it('runs effects even when the observer throws', async () => {
    const sender = createRecordingSender();
    const executor = createEffectExecutor({
      ledger: memoryLedger(),
      senders: { 'welcome-message': sender, 'deprovision-call': sender },
      logger,
      observer: {
        onEffect: () => {
          throw new Error('metrics broke');
        },
      },
    });
    await expect(executor.run([welcome('e1')])).resolves.toEqual([expect.objectContaining({ outcome: 'sent' })]);
    expect(sender.sent).toHaveLength(1);
  });
});

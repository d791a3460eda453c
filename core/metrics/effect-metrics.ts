/**
 * The notifier's effect series. The hook has the shape of the executor's `EffectObserver`
 * (`consumers/notifier/effect-executor.ts`); the ledger gauge reads the effect ledger at scrape
 * time through a function the notifier passes in.
 */
import type { Logger } from 'pino';
import { Counter, Gauge, type Registry } from 'prom-client';
import { withDeadline } from '../deadline.js';
import { METRIC_PREFIX } from './registry.js';

/** The effect metrics hook; cheap, and never throws. */
export interface EffectMetrics {
  /**
   * One planned effect ended: `sent`, `resent` (it was in doubt and went again with the same
   * idempotency key), or skipped as `already-done` / `in-doubt` / `in-flight` /
   * `previously-failed`, or `failed` (sender retries exhausted; the record is dead-lettered).
   */
  onEffect(info: { effect: string; outcome: string }): void;
}

/** Registers the effect series on `registry` and returns the hook. */
export function createEffectMetrics(registry: Registry): EffectMetrics {
  const effects = new Counter({
    name: `${METRIC_PREFIX}notifier_effects_total`,
    help: 'Notifier effects by effect and outcome: sent, resent (in doubt, sent again with the same key), already-done, in-doubt, in-flight, previously-failed (skipped), failed.',
    labelNames: ['effect', 'outcome'],
    registers: [registry],
  });
  return {
    onEffect({ effect, outcome }) {
      effects.inc({ effect, outcome });
    },
  };
}

/** Ledger rows that need an operator, as the notifier counts them. */
export interface LedgerAttentionCounts {
  readonly inDoubt: number;
  readonly failed: number;
}

/** Options for {@link observeEffectLedger}. */
export interface EffectLedgerGaugeOptions {
  /** Counts the rows (one indexed query each); called at most once per `cacheMs`. */
  readonly read: () => Promise<LedgerAttentionCounts>;
  readonly logger: Logger;
  /** How long one count serves scrapes, ms. Default 15 000. */
  readonly cacheMs?: number;
  /** A count slower than this leaves the gauge empty for that scrape, ms. Default 5 000. */
  readonly timeoutMs?: number;
}

/**
 * Registers `workos_kafka_notifier_ledger_effects{state="in-doubt"|"failed"}`: ledger rows in doubt
 * (claimed long enough ago that no sender is still on them, with no outcome) and failed, counted at
 * scrape time. Unlike the counter, it survives restarts and drops when an operator acts.
 */
export function observeEffectLedger(registry: Registry, options: EffectLedgerGaugeOptions): void {
  const cacheMs = options.cacheMs ?? 15_000;
  const timeoutMs = options.timeoutMs ?? 5_000;
  let cached: { atMs: number; counts: LedgerAttentionCounts | null } | null = null;
  let inFlight: Promise<LedgerAttentionCounts | null> | null = null;
  const count = (): Promise<LedgerAttentionCounts | null> =>
    withDeadline(options.read(), timeoutMs, () => {
      throw new Error(`effect ledger count took longer than ${timeoutMs} ms`);
    }).catch((err: unknown) => {
      options.logger.warn({ err }, 'could not count the effect ledger for /metrics');
      return null;
    });
  const current = (): Promise<LedgerAttentionCounts | null> => {
    if (cached !== null && Date.now() - cached.atMs < cacheMs) return Promise.resolve(cached.counts);
    inFlight ??= count().then((counts) => {
      cached = { atMs: Date.now(), counts };
      inFlight = null;
      return counts;
    });
    return inFlight;
  };
  const gauge: Gauge = new Gauge({
    name: `${METRIC_PREFIX}notifier_ledger_effects`,
    help: 'Effect ledger rows that need a look, by state: in-doubt (claimed, no outcome, past the retry budget) and failed; see workos-kafka effects.',
    labelNames: ['state'],
    registers: [registry],
    async collect() {
      const counts = await current();
      gauge.reset();
      // Absent beats stale: a frozen count would hide the database outage that stopped it.
      if (counts === null) return;
      gauge.set({ state: 'in-doubt' }, counts.inDoubt);
      gauge.set({ state: 'failed' }, counts.failed);
    },
  });
}

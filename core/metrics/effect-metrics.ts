/**
 * The notifier's effect series. The hook has the shape of the executor's `EffectObserver`
 * (`consumers/notifier/effect-executor.ts`).
 */
import { Counter, type Registry } from 'prom-client';
import { METRIC_PREFIX } from './registry.js';

/** The effect metrics hook; cheap, and never throws. */
export interface EffectMetrics {
  /**
   * One planned effect ended: `sent`, or skipped as `already-done` / `in-doubt` /
   * `previously-failed`, or `failed` (sender retries exhausted; the record is dead-lettered).
   */
  onEffect(info: { effect: string; outcome: string }): void;
}

/** Registers the effect series on `registry` and returns the hook. */
export function createEffectMetrics(registry: Registry): EffectMetrics {
  const effects = new Counter({
    name: `${METRIC_PREFIX}notifier_effects_total`,
    help: 'Notifier effects by effect and outcome: sent, already-done, in-doubt, previously-failed (skipped), failed.',
    labelNames: ['effect', 'outcome'],
    registers: [registry],
  });
  return {
    onEffect({ effect, outcome }) {
      effects.inc({ effect, outcome });
    },
  };
}

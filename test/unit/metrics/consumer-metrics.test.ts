import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { guardObserver } from '../../../consumers/runtime/consumer-options.js';
import { createConsumerMetrics } from '../../../core/metrics/consumer-metrics.js';
import { createEffectMetrics } from '../../../core/metrics/effect-metrics.js';
import { createMetricsRegistry } from '../../../core/metrics/registry.js';
import { parseSamples, valueOf } from './prom-text.js';

describe('consumer metrics', () => {
  it('counts records by group and outcome, handler calls in a latency histogram, and dead letters', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const metrics = createConsumerMetrics(registry);
    metrics.onHandlerCall({ groupId: 'mirror', durationMs: 2 });
    metrics.onHandlerCall({ groupId: 'mirror', durationMs: 30 });
    metrics.onHandlerCall({ groupId: 'notifier', durationMs: 1 });
    metrics.onRecord({ groupId: 'mirror', outcome: 'handled' });
    metrics.onRecord({ groupId: 'mirror', outcome: 'dead-lettered' });
    metrics.onRecord({ groupId: 'notifier', outcome: 'handled' });
    metrics.onDeadLetter({ groupId: 'mirror' });

    const samples = parseSamples(await registry.metrics());
    expect(valueOf(samples, 'workos_kafka_consumer_records_total', { group: 'mirror', outcome: 'handled' })).toBe(1);
    expect(valueOf(samples, 'workos_kafka_consumer_records_total', { group: 'mirror', outcome: 'dead-lettered' })).toBe(1);
    expect(valueOf(samples, 'workos_kafka_consumer_records_total', { group: 'notifier' })).toBe(1);
    expect(valueOf(samples, 'workos_kafka_consumer_handler_duration_seconds_count', { group: 'mirror' })).toBe(2);
    expect(valueOf(samples, 'workos_kafka_consumer_handler_duration_seconds_sum', { group: 'mirror' })).toBeCloseTo(0.032);
    expect(valueOf(samples, 'workos_kafka_consumer_handler_duration_seconds_count', { group: 'notifier' })).toBe(1);
    expect(valueOf(samples, 'workos_kafka_consumer_dead_letters_total', { group: 'mirror' })).toBe(1);
    expect(valueOf(samples, 'workos_kafka_consumer_dead_letters_total', { group: 'notifier' })).toBeUndefined();
  });

  it('counts effects by effect and outcome', async () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const metrics = createEffectMetrics(registry);
    for (const outcome of ['sent', 'sent', 'already-done', 'in-doubt', 'previously-failed', 'failed']) {
      metrics.onEffect({ effect: 'welcome-message', outcome });
    }
    metrics.onEffect({ effect: 'deprovision-call', outcome: 'sent' });
    const samples = parseSamples(await registry.metrics());
    const effects = (effect: string, outcome: string) => valueOf(samples, 'workos_kafka_notifier_effects_total', { effect, outcome });
    expect(effects('welcome-message', 'sent')).toBe(2);
    expect(effects('welcome-message', 'already-done')).toBe(1);
    expect(effects('welcome-message', 'in-doubt')).toBe(1);
    expect(effects('welcome-message', 'previously-failed')).toBe(1);
    expect(effects('welcome-message', 'failed')).toBe(1);
    expect(effects('deprovision-call', 'sent')).toBe(1);
  });

  it('plugs into the runtime as its observer, and a throwing observer is contained', () => {
    const registry = createMetricsRegistry({ defaultMetrics: false });
    const guarded = guardObserver(createConsumerMetrics(registry), pino({ level: 'silent' }));
    expect(guarded).toBeDefined();
    expect(guardObserver(undefined, pino({ level: 'silent' }))).toBeUndefined();
    const throwing = guardObserver(
      {
        onRecord: () => {
          throw new Error('boom');
        },
      },
      pino({ level: 'silent' }),
    );
    expect(() => throwing?.onRecord({ groupId: 'g', outcome: 'handled' })).not.toThrow();
    expect(() => throwing?.onDeadLetter({ groupId: 'g' })).not.toThrow();
  });
});

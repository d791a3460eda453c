/**
 * `/readyz` as a series. The probe answers only whoever asks it (the orchestrator); a gauge lets
 * Prometheus alert on a process that stays alive but never becomes ready (stuck starting, a
 * consumer waiting for its topic, a connector that never reached Kafka).
 */
import { Gauge, type Registry } from 'prom-client';
import type { HealthState } from './health-state.js';
import { METRIC_PREFIX } from './registry.js';

/** Name of the readiness gauge. */
export const READY_METRIC = `${METRIC_PREFIX}ready`;

/**
 * Registers `workos_kafka_ready` (1 ready, 0 not), read from `health` at scrape time. A registry
 * that already has it keeps the first one: one process, one readiness.
 */
export function observeReadiness(registry: Registry, health: HealthState): void {
  if (registry.getSingleMetric(READY_METRIC) !== undefined) return;
  const gauge: Gauge = new Gauge({
    name: READY_METRIC,
    help: '1 while /readyz answers 200 (connected to Kafka and working), 0 while starting, stopping or stopped.',
    registers: [registry],
    collect() {
      gauge.set(health.readiness().ok ? 1 : 0);
    },
  });
}

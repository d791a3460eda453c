import { describe, expect, it } from 'vitest';
import { HealthState, trackRunHealth } from '../../../core/metrics/health-state.js';

/** A run whose join and end the test controls. */
function controlledRun() {
  let join!: () => void;
  let finish!: () => void;
  const joined = new Promise<void>((resolve) => (join = resolve));
  const done = new Promise<void>((resolve) => (finish = resolve));
  return { run: { joined, done, stop: async () => finish() }, join };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('trackRunHealth with a consumer group run', () => {
  it('is not ready until the member joined its group, then ready', async () => {
    const health = new HealthState();
    const { run, join } = controlledRun();
    trackRunHealth(run, health);
    await tick();
    expect(health.readiness()).toEqual({ ok: false, reason: 'joining consumer group' });
    expect(health.liveness().ok).toBe(true);
    join();
    await tick();
    expect(health.readiness()).toEqual({ ok: true, reason: 'running' });
  });

  it('stays not ready when the join lands after the stop began', async () => {
    const health = new HealthState();
    const { run, join } = controlledRun();
    const tracked = trackRunHealth(run, health);
    const stopping = tracked.stop();
    join();
    await tick();
    expect(health.readiness().ok).toBe(false);
    await stopping;
    await tick();
    expect(health.readiness()).toEqual({ ok: false, reason: 'stopped' });
  });
});

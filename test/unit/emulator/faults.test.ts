import { describe, expect, it } from 'vitest';
import { FaultController } from '../../../emulator/faults.js';
import { RequestStats } from '../../../emulator/request-stats.js';

describe('FaultController', () => {
  it('serves scheduled faults first (FIFO), then the persistent one, then nothing', () => {
    const faults = new FaultController();
    faults.schedule({ type: 'rate-limit' }, 2).schedule({ type: 'truncate' });
    faults.setPersistent({ type: 'server-error', status: 502 });
    expect(faults.pending).toBe(3);
    const types = Array.from({ length: 5 }, () => faults.take().fault?.type);
    expect(types).toEqual(['rate-limit', 'rate-limit', 'truncate', 'server-error', 'server-error']);
    faults.setPersistent(null);
    expect(faults.take().fault).toBeNull();
  });

  it('draws random faults reproducibly and near the configured rates', () => {
    const draw = () => {
      const faults = new FaultController(7).setRandom({ rate429: 0.2, rate502: 0.1 });
      return Array.from({ length: 5000 }, () => faults.take().fault?.type ?? 'ok');
    };
    const a = draw();
    expect(draw()).toEqual(a);
    const rate = (t: string) => a.filter((x) => x === t).length / a.length;
    expect(rate('rate-limit')).toBeGreaterThan(0.17);
    expect(rate('rate-limit')).toBeLessThan(0.23);
    expect(rate('server-error')).toBeGreaterThan(0.08);
    expect(rate('server-error')).toBeLessThan(0.12);
  });

  it('adds latency with bounded jitter and clears everything', () => {
    const faults = new FaultController().setLatency(150, 20);
    const latencies = Array.from({ length: 200 }, () => faults.take().latencyMs);
    expect(Math.min(...latencies)).toBeGreaterThanOrEqual(150);
    expect(Math.max(...latencies)).toBeLessThanOrEqual(170);
    faults.schedule({ type: 'hang' }).setRandom({ rate429: 1 }).clear();
    expect(faults.take()).toEqual({ fault: null, latencyMs: 0 });
  });
});

describe('RequestStats', () => {
  it('counts outcomes and keeps a bounded log', () => {
    const stats = new RequestStats(2);
    for (const outcome of [200, 429, 429, 'hang'] as const) stats.record({ method: 'GET', url: '/events', outcome, requestId: 'r', ids: [] });
    expect(stats.total).toBe(4);
    expect(stats.count(429)).toBe(2);
    expect(stats.count('hang')).toBe(1);
    expect(stats.count(500)).toBe(0);
    expect(stats.byOutcome()).toEqual({ '200': 1, '429': 2, hang: 1 });
    expect(stats.log.map((e) => e.outcome)).toEqual([429, 'hang']);
    stats.reset();
    expect(stats.total).toBe(0);
  });
});

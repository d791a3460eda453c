import { describe, expect, it } from 'vitest';
import { DEFAULT_METRICS_PORTS, loadMetricsServerConfig } from '../../../core/metrics/metrics-env.js';

describe('metrics server environment', () => {
  it('defaults to 127.0.0.1 and the role port', () => {
    expect(loadMetricsServerConfig('connector', {})).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadMetricsServerConfig('directory-mirror', {})).toEqual({ host: '127.0.0.1', port: 9465 });
    expect(loadMetricsServerConfig('notifier', { METRICS_HOST: '' })).toEqual({ host: '127.0.0.1', port: 9466 });
    expect(DEFAULT_METRICS_PORTS).toEqual({ connector: 9464, directoryMirror: 9465, notifier: 9466, reconcile: 9467 });
  });

  it('takes METRICS_HOST and METRICS_PORT, and METRICS_PORT=0 turns the server off', () => {
    expect(loadMetricsServerConfig('connector', { METRICS_HOST: '0.0.0.0', METRICS_PORT: '19464' })).toEqual({ host: '0.0.0.0', port: 19464 });
    expect(loadMetricsServerConfig('connector', { METRICS_PORT: '0' })).toBeNull();
  });

  it('rejects a bad port with CONFIG_INVALID naming the variable', () => {
    for (const bad of ['70000', '-1', 'http', '1.5']) {
      expect(() => loadMetricsServerConfig('connector', { METRICS_PORT: bad })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('METRICS_PORT') }));
    }
  });
});

import { describe, expect, it } from 'vitest';
import { DEFAULT_METRICS_PORTS, loadMetricsServerConfig } from '../../../core/metrics/metrics-env.js';

describe('metrics server environment', () => {
  it('defaults to 127.0.0.1 and the role port', () => {
    expect(loadMetricsServerConfig(DEFAULT_METRICS_PORTS.connector, {})).toEqual({ host: '127.0.0.1', port: 9464 });
    expect(loadMetricsServerConfig(DEFAULT_METRICS_PORTS.directoryMirror, {})).toEqual({ host: '127.0.0.1', port: 9465 });
    expect(loadMetricsServerConfig(DEFAULT_METRICS_PORTS.notifier, { METRICS_HOST: '' })).toEqual({ host: '127.0.0.1', port: 9466 });
  });

  it('takes METRICS_HOST and METRICS_PORT, and METRICS_PORT=0 turns the server off', () => {
    expect(loadMetricsServerConfig(9464, { METRICS_HOST: '0.0.0.0', METRICS_PORT: '19464' })).toEqual({ host: '0.0.0.0', port: 19464 });
    expect(loadMetricsServerConfig(9464, { METRICS_PORT: '0' })).toBeNull();
  });

  it('rejects a bad port with CONFIG_INVALID naming the variable', () => {
    for (const bad of ['70000', '-1', 'http', '1.5']) {
      expect(() => loadMetricsServerConfig(9464, { METRICS_PORT: bad })).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID', message: expect.stringContaining('METRICS_PORT') }));
    }
  });
});

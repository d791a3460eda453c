import { describe, expect, it } from 'vitest';
import { requireBinary } from './ops-tools.js';

describe('requireBinary', () => {
  it('fails, naming the package to install, when the binary is absent (the ops tests never skip)', () => {
    expect(() => requireBinary('promtool', ['/nonexistent'])).toThrow(/promtool not found.*apt-get install -y --no-install-recommends prometheus/);
  });

  it('finds promtool and prometheus on this machine', () => {
    expect(requireBinary('promtool')).toMatch(/\/promtool$/);
    expect(requireBinary('prometheus')).toMatch(/\/prometheus$/);
  });
});

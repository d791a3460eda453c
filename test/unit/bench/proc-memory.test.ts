import { describe, expect, it } from 'vitest';
import { readProcessMemory, statusFieldMiB } from '../../../bench/proc-memory.js';

const STATUS = [
  'Name:\tnode',
  'VmPeak:\t 1234567 kB',
  'VmHWM:\t  262144 kB',
  'VmRSS:\t   51200 kB',
  'Threads:\t11',
].join('\n');

describe('statusFieldMiB', () => {
  it('reads kB fields as MiB', () => {
    expect(statusFieldMiB(STATUS, 'VmHWM')).toBe(256);
    expect(statusFieldMiB(STATUS, 'VmRSS')).toBe(50);
  });

  it('matches whole field names only', () => {
    expect(statusFieldMiB(STATUS, 'Vm')).toBeNaN();
    expect(statusFieldMiB(STATUS, 'HWM')).toBeNaN();
  });

  it('is NaN for a missing field or one without kB', () => {
    expect(statusFieldMiB(STATUS, 'VmSwap')).toBeNaN();
    expect(statusFieldMiB(STATUS, 'Threads')).toBeNaN();
  });
});

describe('readProcessMemory', () => {
  it('reads this process: a peak at least as high as the current RSS', () => {
    const { rssMiB, peakMiB } = readProcessMemory(process.pid);
    expect(rssMiB).toBeGreaterThan(1);
    expect(peakMiB).toBeGreaterThanOrEqual(rssMiB);
  });
});

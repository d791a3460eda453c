import { describe, expect, it } from 'vitest';
import { isReportedWarning } from '../../../cli/quiet-warnings.js';
import { runToEnd } from '../../support/run-to-end.js';

describe('process warnings', () => {
  it('drops kafkajs\' negative-timeout warnings and keeps every other warning', () => {
    const negative = Object.assign(new Error('-1 is a negative number.'), { name: 'TimeoutNegativeWarning' });
    expect(isReportedWarning(negative)).toBe(false);
    expect(isReportedWarning(Object.assign(new Error('x'), { name: 'DeprecationWarning' }))).toBe(true);
  });

  it('silences a real negative setTimeout in a process that installed it, and only that', async () => {
    const script = [
      "const { quietKnownWarnings } = await import('./cli/quiet-warnings.ts');",
      'quietKnownWarnings();',
      'setTimeout(() => {}, -5);',
      "process.emitWarning('still shown', 'CustomWarning');",
      'await new Promise((resolve) => setTimeout(resolve, 50));',
    ].join('\n');
    const run = await runToEnd(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeoutMs: 30_000 });
    expect(run.status).toBe(0);
    expect(run.stderr).not.toMatch(/TimeoutNegativeWarning/);
    expect(run.stderr).toMatch(/CustomWarning: still shown/);
  });
});

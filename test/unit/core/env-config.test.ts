import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConnectorConfig } from '../../../connector/config.js';
import { checkAll, configurationError, configurationProblems, parseEnv } from '../../../core/env-config.js';
import { ConnectorError } from '../../../core/errors.js';

describe('parseEnv', () => {
  // Regression: "localhost" passed validation and failed later, alone, when the client was built.
  it('rejects a broker without a port together with the other problems, each named by its variable', () => {
    let message = '';
    try {
      loadConnectorConfig({ KAFKA_BROKERS: 'localhost', WORKOS_START: 'soon' });
    } catch (error) {
      message = (error as Error).message;
      expect(configurationProblems(error)).toHaveLength(3);
    }
    for (const problem of ['KAFKA_BROKERS: must be host:port', '"localhost"', 'WORKOS_API_KEY: is required', 'WORKOS_START']) expect(message).toContain(problem);
  });

  it('treats an empty value as unset', () => {
    expect(parseEnv(z.object({ A: z.string().optional() }), { A: '' }, 'test')).toEqual({});
  });
});

describe('checkAll', () => {
  const fails = (message: string) => (): never => {
    throw new Error(message);
  };

  it('returns every result when every check passes', () => {
    expect(checkAll('test', [() => 1, () => 'two'])).toEqual([1, 'two']);
  });

  it('runs every check and lists the problems of all of them in one CONFIG_INVALID', () => {
    const run = (): unknown => checkAll('test', [() => parseEnv(z.object({ A: z.string() }), {}, 'inner'), fails('--to must be earliest'), () => 3]);
    expect(run).toThrow(expect.objectContaining({ code: 'CONFIG_INVALID' }));
    let problems: readonly string[] | undefined;
    try {
      run();
    } catch (error) {
      problems = configurationProblems(error);
    }
    expect(problems).toEqual([expect.stringMatching(/^A: /), '--to must be earliest']);
  });

  it('leaves other errors alone when asked for problems', () => {
    expect(configurationProblems(new Error('x'))).toBeUndefined();
    expect(configurationProblems(new ConnectorError('x', { code: 'KAFKA_ERROR' }))).toBeUndefined();
    expect(configurationProblems(configurationError('test', ['a', 'b']))).toEqual(['a', 'b']);
  });
});

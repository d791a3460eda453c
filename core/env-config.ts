import type { z } from 'zod';
import { ConnectorError } from './errors.js';

/**
 * Validates `env` with `schema` once at start-up. Empty strings count as unset. Throws
 * `CONFIG_INVALID` listing every problem, one per line, each named by its variable, so a bad
 * deployment is fixed in one round; the lines are also in `context.problems`, so a caller can
 * report them together with problems of its own.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>, what: string): Readonly<z.output<S>> {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(defined);
  if (!result.success) {
    throw configurationError(
      what,
      result.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`),
    );
  }
  return Object.freeze(result.data);
}

/** The `CONFIG_INVALID` error for `problems` (one line each), as {@link parseEnv} throws it. */
export function configurationError(what: string, problems: readonly string[]): ConnectorError {
  return new ConnectorError(`invalid ${what} configuration:\n${problems.map((problem) => `  ${problem}`).join('\n')}`, {
    code: 'CONFIG_INVALID',
    context: { reason: `${problems.length} problem(s)`, problems },
  });
}

/** The problem lines of a `CONFIG_INVALID` error; undefined for any other error. */
export function configurationProblems(error: unknown): readonly string[] | undefined {
  if (!(error instanceof ConnectorError) || error.code !== 'CONFIG_INVALID') return undefined;
  const { problems } = error.context;
  return Array.isArray(problems) ? (problems as readonly string[]) : [error.message];
}

/**
 * Runs every check, even after one fails, and returns their results; when any failed, throws one
 * `CONFIG_INVALID` listing all their problems (a `CONFIG_INVALID` contributes its lines, any
 * other error its message), so settings and command options are fixed in one round.
 */
export function checkAll<const T extends readonly (() => unknown)[]>(what: string, checks: T): { -readonly [K in keyof T]: ReturnType<T[K]> } {
  const problems: string[] = [];
  const results = checks.map((check) => {
    try {
      return check();
    } catch (error) {
      problems.push(...(configurationProblems(error) ?? [error instanceof Error ? error.message : String(error)]));
      return undefined;
    }
  });
  if (problems.length > 0) throw configurationError(what, problems);
  return results as { -readonly [K in keyof T]: ReturnType<T[K]> };
}

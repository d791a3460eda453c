import { z } from 'zod';
import { ConnectorError } from './errors.js';

/**
 * Validates `env` with `schema` once at start-up. Empty strings count as unset. Throws
 * `CONFIG_INVALID` listing every problem, one per line, each named by its variable, so a bad
 * deployment is fixed in one round.
 */
export function parseEnv<S extends z.ZodType>(schema: S, env: Record<string, string | undefined>, what: string): Readonly<z.output<S>> {
  const defined = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== undefined && value !== ''));
  const result = schema.safeParse(defined);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `  ${issue.path.join('.') || '(config)'}: ${issue.message}`);
    throw new ConnectorError(`invalid ${what} configuration:\n${problems.join('\n')}`, {
      code: 'CONFIG_INVALID',
      context: { reason: `${problems.length} problem(s)` },
    });
  }
  return Object.freeze(result.data);
}

const BROKER_ADDRESS = /^(\[[0-9a-fA-F:]+\]|[^\s:/,]+):(\d{1,5})$/;

/** `KAFKA_BROKERS`: a comma list of host:port, each checked at start-up with the other settings. */
export const kafkaBrokersSetting = z
  .string({ error: 'is required (host:port[,host:port…])' })
  .min(1, 'is required (host:port[,host:port…])')
  .transform((value) => value.split(',').map((broker) => broker.trim()).filter(Boolean))
  .refine((brokers) => brokers.length > 0 && brokers.every((broker) => BROKER_ADDRESS.test(broker)), {
    message: 'must be host:port[,host:port…]',
  });

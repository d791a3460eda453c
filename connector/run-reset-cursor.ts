/**
 * `workos-kafka reset-cursor` as a run function: the report goes to `context.print` (stdout),
 * logs to stderr, so the report stays readable and pipeable. Bounded by COMMAND_TIMEOUT_MS.
 */
import { isConnectorError } from '../core/errors.js';
import { createLogger } from '../core/logger.js';
import { boundedCommand } from '../core/one-shot.js';
import type { RoleContext } from '../core/role-context.js';
import { resetCursor, type CursorResetConfig, type CursorResetRequest, type CursorResetResult } from './cursor-reset.js';

/** The parsed command: its settings and what to move the cursor to. */
export type ResetCursorConfig = CursorResetConfig & { readonly request: CursorResetRequest };

/** Prints the current and proposed cursor; with `apply`, writes it. Rejects naming the cause. */
export async function runResetCursor(config: ResetCursorConfig, context: RoleContext): Promise<CursorResetResult> {
  const logger = createLogger({ level: config.LOG_LEVEL, destination: process.stderr, base: { service: 'workos-kafka-reset-cursor', connector: config.CONNECTOR_NAME } });
  try {
    return await boundedCommand(resetCursor(config, config.request, { logger, print: context.print }), {
      what: 'reset-cursor',
      timeoutMs: config.COMMAND_TIMEOUT_MS,
      signal: context.signal,
    });
  } catch (error) {
    const code = isConnectorError(error) ? error.code : 'UNEXPECTED';
    logger.error({ err: error, code }, 'cursor reset failed');
    throw new Error(`cursor reset failed (${code}): ${(error as Error).message}`, { cause: error });
  }
}

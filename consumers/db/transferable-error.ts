/**
 * Errors across a thread boundary. Structured clone keeps an error's message but drops its own
 * fields (`code`, `retriable`, `context`), and those are what the retry rule (`isRetriable`) and
 * the logs read. So the cause chain travels as plain links and is rebuilt on the other side:
 * a `ConnectorError` as a `ConnectorError`, any other error with its name, code and flag.
 */
import { causeChain, ConnectorError, type ErrorCode, type ErrorContext } from '../../core/errors.js';

/** One link of a cause chain, as plain data. */
export interface TransferredErrorLink {
  readonly name: string;
  readonly message: string;
  readonly stack?: string;
  readonly code?: string;
  readonly retriable?: boolean;
  readonly context?: ErrorContext;
  /** True when the link was a `ConnectorError`. */
  readonly connector: boolean;
}

/** `err` and its causes, outermost first, as plain data. */
export function errorToTransfer(err: unknown): TransferredErrorLink[] {
  return causeChain(err).map((link): TransferredErrorLink => {
    if (!(link instanceof Error)) return { name: 'Error', message: String(link), connector: false };
    const { code, retriable } = link as { code?: unknown; retriable?: unknown };
    return {
      name: link.name,
      message: link.message,
      ...(link.stack === undefined ? {} : { stack: link.stack }),
      ...(typeof code === 'string' ? { code } : {}),
      ...(typeof retriable === 'boolean' ? { retriable } : {}),
      ...(link instanceof ConnectorError ? { context: { ...link.context } } : {}),
      connector: link instanceof ConnectorError,
    };
  });
}

/** The error {@link errorToTransfer} described, rebuilt with its cause chain. */
export function errorFromTransfer(links: readonly TransferredErrorLink[]): Error {
  let cause: Error | undefined;
  for (let i = links.length - 1; i >= 0; i -= 1) cause = rebuild(links[i] as TransferredErrorLink, cause);
  return cause ?? new Error('unknown error from another thread');
}

function rebuild(link: TransferredErrorLink, cause: Error | undefined): Error {
  let err: Error;
  if (link.connector && link.code !== undefined) {
    err = new ConnectorError(link.message, { code: link.code as ErrorCode, retriable: link.retriable ?? false, cause, context: link.context });
  } else {
    err = new Error(link.message, cause === undefined ? undefined : { cause });
    // Own fields, as the original had them: `name` decides "programming error", `retriable` and `code` the retry rule.
    Object.defineProperty(err, 'name', { value: link.name, enumerable: false, writable: true, configurable: true });
    if (link.code !== undefined) Object.assign(err, { code: link.code });
    if (link.retriable !== undefined) Object.assign(err, { retriable: link.retriable });
  }
  if (link.stack !== undefined) err.stack = link.stack;
  return err;
}

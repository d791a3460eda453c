/**
 * What every command's run function gets besides its parsed config: the signal that asks it to
 * stop (the CLI wires SIGTERM and SIGINT to it) and where its report goes.
 */
export interface RoleContext {
  /** Aborts to ask for a stop: a role finishes the work in hand and returns; a one-shot command gives up. */
  readonly signal: AbortSignal;
  /** A command's human-readable output, one line per call (stdout in the CLI). Logs go elsewhere. */
  readonly print: (line: string) => void;
}

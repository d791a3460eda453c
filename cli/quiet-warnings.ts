/**
 * kafkajs 2.2.4 schedules timers with a negative delay (its request queue computes "time left"
 * without a floor); Node 24 and later print a TimeoutNegativeWarning for each one to stderr, where
 * an operator reads it as a fault. The delay is clamped to 1 ms either way, so the warning carries
 * no information: it is dropped, and every other process warning is printed as Node would.
 */

/** Process warnings that are known noise from a dependency. */
export const IGNORED_WARNINGS: ReadonlySet<string> = new Set(['TimeoutNegativeWarning']);

/** Whether Node's default printing of `warning` should be kept for it. */
export function isReportedWarning(warning: Error): boolean {
  return !IGNORED_WARNINGS.has(warning.name);
}

/** Replaces Node's default warning printer with one that skips {@link IGNORED_WARNINGS}. */
export function quietKnownWarnings(target: NodeJS.Process = process): void {
  target.removeAllListeners('warning');
  target.on('warning', (warning) => {
    if (isReportedWarning(warning)) target.stderr.write(`(node:${target.pid}) ${warning.name}: ${warning.message}\n`);
  });
}

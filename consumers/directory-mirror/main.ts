/**
 * `workos-kafka directory-mirror` as its own entry file (bench, the fault campaign and tests start it as a
 * process): the same parse path, settings and exit codes as the CLI; arguments are its flags.
 */
import { runAsProcess } from '../../cli/process-entry.js';

await runAsProcess(['directory-mirror', ...process.argv.slice(2)]);

/**
 * `workos-kafka reset-cursor` as its own entry file: the same parse path, settings and exit codes
 * as the CLI; arguments are its flags (see `workos-kafka reset-cursor --help`).
 */
import { runAsProcess } from '../cli/process-entry.js';

await runAsProcess(['reset-cursor', ...process.argv.slice(2)]);

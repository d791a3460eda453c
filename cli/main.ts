#!/usr/bin/env node
/**
 * `workos-kafka`: one command for every role. Roles run as they would as their own processes;
 * `embedded` (the default) runs the whole pipeline locally with no setup. See `run-cli.ts`.
 */
import { runAsProcess } from './process-entry.js';

await runAsProcess(process.argv.slice(2));

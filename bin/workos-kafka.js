#!/usr/bin/env node
// The installed command runs the compiled product (`npm install` builds dist/ through `prepare`).
// tsx is for development and tests only.
import { existsSync } from 'node:fs';

// A long-running role allocates steadily (pages of events, Kafka batches) but keeps little. V8's
// defaults on a large machine let the young generation grow to tens of MiB per semi-space and the
// old generation grow far ahead of what is live, and keep both resident. Bounding the semi-space
// at 8 MiB and `--optimize-for-size` (smaller heap growth steps) hold that down; two malloc arenas
// keep glibc from holding freed native memory per thread. `npm run bench -- --only e2e` at 1,000
// events/s, peak RSS of connector / mirror: 259.5 / 248.7 MiB with V8's defaults, 174.7 / 213.2
// with the bound, 152.7 / 209.6 with the arenas too, 122.6 / 128.5 with all three (README,
// Benchmarks), at the price of more frequent collection (p50 latency 67 → 92 ms at that rate).
// The flag must be set when the process starts, so the command replaces itself once with the
// same pid (process.execve, Node ≥ 22.15), keeping signals and /proc readings on the role itself.
// WORKOS_KAFKA_NODE_FLAGS='' opts out of the flags, other values replace them; a MALLOC_ARENA_MAX
// in the environment wins over ours.
const TUNED_FLAGS = (process.env.WORKOS_KAFKA_NODE_FLAGS ?? '--max-semi-space-size=8 --optimize-for-size').split(' ').filter(Boolean);
const alreadyTuned = TUNED_FLAGS.every((flag) => process.execArgv.includes(flag));
if (!alreadyTuned && typeof process.execve === 'function') {
  const env = { MALLOC_ARENA_MAX: '2', ...process.env };
  process.execve(process.execPath, [process.execPath, ...TUNED_FLAGS, ...process.execArgv, ...process.argv.slice(1)], env);
}

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('workos-kafka: dist/ is missing; run `npm run build` (npm install runs it too)\n');
  process.exit(2);
}
await import(entry.href);

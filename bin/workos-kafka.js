#!/usr/bin/env node
// The installed command runs the compiled product (`npm install` builds dist/ through `prepare`).
// tsx is for development and tests only.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('workos-kafka: dist/ is missing; run `npm run build` (npm install runs it too)\n');
  process.exit(2);
}
await import(entry.href);

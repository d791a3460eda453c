/**
 * Rewrites the README's settings region and docs/configuration.md from the setting declarations:
 * `npx tsx cli/generate-docs.ts` (`npm run docs:generate`). `--check` writes nothing and exits 1
 * when either is out of date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIGURATION_DOC_PATH, expectedDocs, packageRoot, README_PATH } from './docs-files.js';

const root = packageRoot();
const check = process.argv.includes('--check');
const readmePath = join(root, README_PATH);
const docPath = join(root, CONFIGURATION_DOC_PATH);
const expected = expectedDocs(readFileSync(readmePath, 'utf8'));
const current = { readme: readFileSync(readmePath, 'utf8'), configuration: readOrEmpty(docPath) };
const stale = [
  ...(current.readme === expected.readme ? [] : [README_PATH]),
  ...(current.configuration === expected.configuration ? [] : [CONFIGURATION_DOC_PATH]),
];
if (check) {
  process.stdout.write(stale.length === 0 ? 'configuration docs are up to date\n' : `out of date: ${stale.join(', ')} (run npm run docs:generate)\n`);
  process.exitCode = stale.length === 0 ? 0 : 1;
} else {
  writeFileSync(readmePath, expected.readme);
  writeFileSync(docPath, expected.configuration);
  process.stdout.write(stale.length === 0 ? 'configuration docs were up to date\n' : `rewrote ${stale.join(', ')}\n`);
}

function readOrEmpty(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return '';
  }
}

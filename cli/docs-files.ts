/**
 * Where the generated documents live and what they should hold. The package root is found by
 * walking up from this module to package.json, so it works from `cli/` and from `dist/cli/`.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS, type CommandEntry } from './command-catalogue.js';
import { createProgram } from './program.js';
import { renderConfigurationDoc, renderReadmeRegion, withReadmeRegion } from './settings-docs.js';

/** The directory holding package.json above `moduleUrl`. */
export function packageRoot(moduleUrl: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(moduleUrl));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${fileURLToPath(moduleUrl)}`);
    dir = parent;
  }
  return dir;
}

/** The generated documents, relative to the package root. */
export const README_PATH = 'README.md';
export const CONFIGURATION_DOC_PATH = join('docs', 'configuration.md');

/** What README.md and docs/configuration.md should be, given the current README and the commands. */
export function expectedDocs(readme: string, commands: readonly CommandEntry[] = COMMANDS): { readonly readme: string; readonly configuration: string } {
  // The program only lends its options to the docs; it never runs.
  const program = createProgram({ env: {}, stdout: () => undefined, stderr: () => undefined }, () => undefined, commands);
  return { readme: withReadmeRegion(readme, renderReadmeRegion(commands)), configuration: renderConfigurationDoc(commands, program) };
}

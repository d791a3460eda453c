import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const SOURCE_DIRS = ['test', 'stack', 'cli', 'connector', 'consumers', 'core', 'schemas', 'emulator', 'bench', 'campaign', 'scripts'];
const SYNC_CALL = /\b(spawnSync|execFileSync|execSync)\(/g;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : sourceFiles(path);
    return /\.(ts|js|mjs)$/.test(entry.name) ? [path] : [];
  });
}

/** The text of the call's arguments: from the opening parenthesis to its match. */
function callArguments(text: string, open: number): string {
  let depth = 0;
  for (let at = open; at < text.length; at += 1) {
    if (text[at] === '(') depth += 1;
    if (text[at] === ')' && --depth === 0) return text.slice(open, at + 1);
  }
  return text.slice(open);
}

/**
 * A synchronous wait on a child process blocks the event loop, so nothing else can stop it: in a
 * test worker no test or hook timeout fires, and one child that never ends holds the whole run
 * until CI gives up. Every such call must carry its own `timeout`.
 */
describe('synchronous child-process waits', () => {
  it('each carry a timeout', () => {
    const unbounded: string[] = [];
    for (const dir of SOURCE_DIRS) {
      let files: string[];
      try {
        files = sourceFiles(join(root, dir));
      } catch {
        continue;
      }
      for (const file of files) {
        const text = readFileSync(file, 'utf8');
        for (const match of text.matchAll(SYNC_CALL)) {
          const args = callArguments(text, (match.index ?? 0) + match[0].length - 1);
          if (!/\btimeout\b/.test(args)) unbounded.push(`${relative(root, file)}: ${match[0]}${args.slice(1, 80)}`);
        }
      }
    }
    expect(unbounded).toEqual([]);
  });
});

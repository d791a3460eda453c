import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSdkEventName, SDK_EVENT_NAMES, unknownEventNames } from '../../../connector/event-types.js';
import { DOCUMENTED_ONLY_EVENT_NAMES, KNOWN_EVENT_NAMES } from '../../../emulator/event-names.js';

/** The event names declared in the installed SDK's type declarations (`event: '…'` literals). */
function namesInInstalledSdk(): Set<string> {
  const entry = createRequire(import.meta.url).resolve('@workos-inc/node');
  const libDir = dirname(entry);
  const names = new Set<string>();
  for (const file of readdirSync(libDir).filter((f) => f.endsWith('.d.mts'))) {
    for (const match of readFileSync(join(libDir, file), 'utf8').matchAll(/\bevent: '([a-z_.]+)'/g)) names.add(match[1] ?? '');
  }
  return names;
}

describe('SDK_EVENT_NAMES', () => {
  it('holds the 136 names of @workos-inc/node 12.3.0, without repeats', () => {
    expect(SDK_EVENT_NAMES).toHaveLength(136);
    expect(new Set(SDK_EVENT_NAMES).size).toBe(136);
  });

  it('equals the set declared by the installed SDK', () => {
    const pkg = JSON.parse(readFileSync(createRequire(import.meta.url).resolve('@workos-inc/node/package.json'), 'utf8'));
    expect(pkg.version).toBe('12.3.0');
    expect(new Set(SDK_EVENT_NAMES)).toEqual(namesInInstalledSdk());
  });

  it('includes the documented names 8.13.0 lacked, and every name the emulator accepts', () => {
    for (const name of ['connection.saml_certificate_renewed', 'authentication.mfa_failed', 'group.member_added']) {
      expect(isSdkEventName(name)).toBe(true);
    }
    expect([...KNOWN_EVENT_NAMES].filter((name) => !isSdkEventName(name))).toEqual([]);
    for (const name of DOCUMENTED_ONLY_EVENT_NAMES) expect(KNOWN_EVENT_NAMES.has(name)).toBe(true);
  });

  it('does not know names outside the union', () => {
    for (const name of ['x.y', 'group.member_updated', 'user', '']) expect(isSdkEventName(name)).toBe(false);
  });
});

describe('unknownEventNames', () => {
  it('returns the names the SDK does not know, once each, in input order', () => {
    expect(unknownEventNames(['user.created', 'x.y', 'dsync.user.created', 'x.y', 'group.renamed'])).toEqual(['x.y', 'group.renamed']);
    expect(unknownEventNames(SDK_EVENT_NAMES)).toEqual([]);
  });
});

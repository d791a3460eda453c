import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { partitionKeyRulesMarkdown } from '../../../connector/partition-key.js';

describe('partition-key documentation', () => {
  it('docs/topics-and-keys.md carries exactly the rule table the code applies', () => {
    const doc = readFileSync(new URL('../../../docs/topics-and-keys.md', import.meta.url), 'utf8');
    expect(doc).toContain(partitionKeyRulesMarkdown());
  });
});

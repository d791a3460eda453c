import { describe, expect, it } from 'vitest';
import { clusterIdArgument } from '../../../stack/kafka-broker.js';

describe('local broker storage format arguments', () => {
  // Regression: a random base64url cluster id starting with "-" was read as an option and the format failed.
  it('joins the cluster id to its flag so an id starting with "-" is not taken for an option', () => {
    expect(clusterIdArgument('-n-5jehp28VwTH6QN3YnoA')).toBe('--cluster-id=-n-5jehp28VwTH6QN3YnoA');
  });
});

import { describe, expect, it } from 'vitest';
import { snapshotRequestProblems } from '../../../schemas/control-record.js';

describe('snapshotRequestProblems', () => {
  const valid = { type: 'snapshot', request_id: 'snapreq_1', connector: 'c', organization_id: null, requested_at: '2026-12-01T10:00:00.000Z', requested_by: 'test' };

  it('accepts a request for everything or for one organization', () => {
    expect(snapshotRequestProblems(valid)).toEqual([]);
    expect(snapshotRequestProblems({ ...valid, organization_id: 'org_1', extra: true })).toEqual([]);
  });

  it('lists every problem of a broken one', () => {
    expect(snapshotRequestProblems({ type: 'resnap', request_id: '', connector: 'c', organization_id: '', requested_at: 'yesterday' })).toEqual([
      'type must be "snapshot", got "resnap"',
      'request_id must be a non-empty string',
      'requested_at must be an ISO-8601 time',
      'organization_id must be a non-empty string or null',
      'requested_by must be a string',
    ]);
    expect(snapshotRequestProblems('x')).toEqual(['not a JSON object']);
  });
});

import { describe, expect, it } from 'vitest';
import { requestCompleted, requestSatisfied } from '../../../../connector/control/request-satisfied.js';
import type { SnapshotCursor } from '../../../../connector/snapshot/snapshot-progress.js';
import type { SnapshotRequest } from '../../../../schemas/control-record.js';

const request = (organizationId: string | null, requestedAt = '2026-12-01T10:00:00.000Z'): SnapshotRequest => ({
  type: 'snapshot',
  request_id: 'snapreq_1',
  connector: 'c',
  organization_id: organizationId,
  requested_at: requestedAt,
  requested_by: 'test',
});

const base: SnapshotCursor = { connector: 'c', event_id: 'event_1', event_created_at: '2026-12-01T09:00:00.000Z', written_at: '2026-12-01T09:00:00.000Z' };
const summary = (fields: { organization_id: string | null; started_at: string; request_id?: string }) => ({
  id: 'snapshot_1',
  completed_at: '2026-12-01T12:00:00.000Z',
  rows: 1,
  requests: 1,
  ...fields,
});
const progress = (fields: { organization_id: string | null; started_at: string; request_id?: string }) => ({
  id: 'snapshot_2',
  stack: [],
  listed: {},
  pages: 1,
  requests: 1,
  rows: 1,
  ...fields,
});

describe('requestSatisfied', () => {
  it('is false with no snapshot at all, or only older ones', () => {
    expect(requestSatisfied(request(null), base)).toBe(false);
    expect(requestSatisfied(request(null), { ...base, last_snapshot: summary({ organization_id: null, started_at: '2026-12-01T09:59:59.000Z' }) })).toBe(false);
  });

  it('is true for the request the stored snapshot carries, running or finished (a request read again after a crash)', () => {
    const old = '2026-01-01T00:00:00.000Z';
    expect(requestSatisfied(request('org_a'), { ...base, snapshot: progress({ organization_id: 'org_a', started_at: old, request_id: 'snapreq_1' }) })).toBe(true);
    expect(requestSatisfied(request('org_a'), { ...base, last_snapshot: summary({ organization_id: 'org_a', started_at: old, request_id: 'snapreq_1' }) })).toBe(true);
  });

  it('is true when a snapshot covering the scope began after the request: everything covers an organization, not the reverse', () => {
    const later = '2026-12-01T11:00:00.000Z';
    expect(requestSatisfied(request('org_a'), { ...base, last_snapshot: summary({ organization_id: null, started_at: later }) })).toBe(true);
    expect(requestSatisfied(request('org_a'), { ...base, snapshot: progress({ organization_id: 'org_a', started_at: later }) })).toBe(true);
    expect(requestSatisfied(request('org_a'), { ...base, last_snapshot: summary({ organization_id: 'org_b', started_at: later }) })).toBe(false);
    expect(requestSatisfied(request(null), { ...base, last_snapshot: summary({ organization_id: 'org_a', started_at: later }) })).toBe(false);
  });
});

describe('requestCompleted', () => {
  it('waits for a finished snapshot: a running one does not count', () => {
    const later = '2026-12-01T11:00:00.000Z';
    expect(requestCompleted(request(null), { ...base, snapshot: progress({ organization_id: null, started_at: later, request_id: 'snapreq_1' }) })).toBe(false);
    expect(requestCompleted(request(null), { ...base, last_snapshot: summary({ organization_id: null, started_at: later, request_id: 'snapreq_1' }) })).toBe(true);
  });
});

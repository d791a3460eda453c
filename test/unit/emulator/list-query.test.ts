import { describe, expect, it } from 'vitest';
import { resolveBehaviour } from '../../../emulator/behaviour.js';
import { parseListQuery } from '../../../emulator/list-query.js';

const NOW = Date.parse('2025-06-01T00:00:00Z');
const parse = (qs: string, behaviour = resolveBehaviour()) => parseListQuery(new URLSearchParams(qs), behaviour, NOW);

describe('parseListQuery', () => {
  it.each([
    ['comma-joined (Node SDK)', 'events=user.created%2Cdsync.user.updated'],
    ['repeated key', 'events=user.created&events=dsync.user.updated'],
    ['bracket form', 'events[]=user.created&events[]=dsync.user.updated'],
    ['mixed', 'events=user.created&events%5B%5D=dsync.user.updated'],
  ])('accepts the %s encoding of events', (_label, qs) => {
    const result = parse(qs);
    expect(result.ok && [...(result.query.events ?? [])].sort()).toEqual(['dsync.user.updated', 'user.created']);
  });

  it('treats a missing or empty events filter as every type, unless requireEvents', () => {
    const none = parse('');
    expect(none.ok && none.query.events).toBeNull();
    const empty = parse('events=');
    expect(empty.ok && empty.query.events).toBeNull();
    const strict = parse('events=', resolveBehaviour({ requireEvents: true }));
    expect(!strict.ok && strict.error.status).toBe(400);
  });

  it('rejects an unknown event name with the real API message', () => {
    const result = parse('events=user.created,x');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.status).toBe(400);
      expect(result.error.body).toEqual({
        code: 'invalid_events_request',
        message: "Invalid name parameter, received: 'x'. You must pass in valid event names",
      });
    }
  });

  it('accepts names added with extraEventNames', () => {
    expect(parse('events=group.renamed').ok).toBe(false);
    expect(parse('events=group.renamed', resolveBehaviour({ extraEventNames: ['group.renamed'] })).ok).toBe(true);
  });

  it('defaults limit to 10 and bounds it to 1..100', () => {
    const d = parse('');
    expect(d.ok && d.query.limit).toBe(10);
    const max = parse('limit=100');
    expect(max.ok && max.query.limit).toBe(100);
    for (const bad of ['0', '101', '-1', '2.5', 'ten']) {
      const r = parse(`limit=${bad}`);
      expect(!r.ok && r.error.status).toBe(422);
    }
  });

  it('parses ISO ranges, rejects garbage, reversed and wider-than-30-day windows', () => {
    const ok = parse('range_start=2025-05-01T00:00:00Z&range_end=2025-05-31T00:00:00.000Z');
    expect(ok.ok && [ok.query.rangeStartMs, ok.query.rangeEndMs]).toEqual([Date.parse('2025-05-01T00:00:00Z'), Date.parse('2025-05-31T00:00:00Z')]);
    expect(!parse('range_start=yesterday').ok).toBe(true);
    expect(!parse('range_end=2025-13-45T00:00:00Z').ok).toBe(true);
    expect(!parse('range_start=2025-05-02T00:00:00Z&range_end=2025-05-01T00:00:00Z').ok).toBe(true);
    const wide = parse('range_start=2025-04-01T00:00:00Z&range_end=2025-05-01T00:00:01Z');
    expect(!wide.ok && wide.error.status).toBe(422);
  });

  it('allows an open-ended range_start further back than 30 days unless configured to reject', () => {
    expect(parse('range_start=2025-01-01T00:00:00Z').ok).toBe(true);
    const strict = parse('range_start=2025-01-01T00:00:00Z', resolveBehaviour({ openEndedRange: 'reject' }));
    expect(!strict.ok && strict.error.status).toBe(422);
  });

  it('rejects after with range_start, or drops range_start when configured', () => {
    const qs = 'after=event_01KD8Z96BMTAXC8Z9VAQJEYJPW&range_start=2025-05-01T00:00:00Z';
    const rejected = parse(qs);
    expect(!rejected.ok && rejected.error.body['errors']).toEqual([{ field: 'range_start', code: 'mutually_exclusive' }]);
    const ignored = parse(qs, resolveBehaviour({ afterWithRangeStart: 'ignore-range-start' }));
    expect(ignored.ok && [ignored.query.after, ignored.query.rangeStartMs]).toEqual(['event_01KD8Z96BMTAXC8Z9VAQJEYJPW', null]);
  });

  it('ignores order, before and unknown parameters', () => {
    const r = parse('order=desc&before=event_x&foo=bar&organization_id=org_1');
    expect(r.ok && r.query.organizationId).toBe('org_1');
  });
});

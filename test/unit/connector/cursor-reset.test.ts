import { describe, expect, it } from 'vitest';
import {
  describeCursor,
  cursorResetRequestOf,
  loadCursorResetConfig,
  type CursorResetOptions,
  proposedCursor,
  ulidTimeOf,
} from '../../../connector/cursor-reset.js';
import { isCursorRecord } from '../../../schemas/cursor-record.js';

const NOW = Date.parse('2025-06-01T00:00:00.000Z');
// The realistic id from the reference: its ULID time equals its created_at.
const REAL_ID = 'event_01KD8Z96BMTAXC8Z9VAQJEYJPW';

function problemsOf(options: CursorResetOptions): string {
  try {
    cursorResetRequestOf(options, NOW);
  } catch (error) {
    expect(error).toMatchObject({ code: 'CONFIG_INVALID' });
    return (error as Error).message;
  }
  throw new Error(`expected ${JSON.stringify(options)} to be rejected`);
}

describe('cursorResetRequestOf', () => {
  it('is a dry run unless --apply is given', () => {
    expect(cursorResetRequestOf({ toEvent: REAL_ID }, NOW)).toEqual({ target: { kind: 'event', eventId: REAL_ID }, apply: false });
    expect(cursorResetRequestOf({ toTime: '2025-05-20T10:00:00Z', apply: true }, NOW)).toEqual({
      target: { kind: 'time', at: new Date('2025-05-20T10:00:00Z') },
      apply: true,
    });
  });

  it('takes an optional created_at with an event id, normalised to ISO-8601', () => {
    expect(cursorResetRequestOf({ toEvent: 'event_01ABC', createdAt: '2025-05-20 10:00:00.123' }, NOW).target).toEqual({
      kind: 'event',
      eventId: 'event_01ABC',
      createdAt: '2025-05-20T10:00:00.123Z',
    });
  });

  it('reports every problem at once', () => {
    const message = problemsOf({ toEvent: 'evt_1', toTime: 'yesterday', createdAt: 'soon' });
    expect(message).toMatch(/exactly one of --to-event or --to-time/);
    expect(message).toMatch(/--to-event must be a WorkOS event id/);
    expect(message).toMatch(/--created-at must be an ISO-8601 timestamp/);
    expect(message).toMatch(/--to-time must be an ISO-8601 timestamp/);
  });

  // Unknown flags are commander's to refuse: see test/unit/cli/exit-codes.test.ts.
  it('refuses a missing target, a time in the future and a lone --created-at', () => {
    expect(problemsOf({})).toMatch(/exactly one of --to-event or --to-time/);
    expect(problemsOf({ toTime: '2025-06-02T00:00:00Z' })).toMatch(/in the future/);
    expect(problemsOf({ toTime: '2025-05-01T00:00:00Z', createdAt: '2025-05-01T00:00:00Z' })).toMatch(/--created-at only goes with --to-event/);
  });
});

describe('ulidTimeOf', () => {
  it('reads the creation time out of a WorkOS event id', () => {
    expect(new Date(ulidTimeOf(REAL_ID) as number).toISOString()).toBe('2025-12-24T20:02:23.220Z');
  });

  it('is null for ids that are not ULIDs', () => {
    expect(ulidTimeOf('event_01234ABCD')).toBeNull();
    expect(ulidTimeOf('event_01KD8Z96BMTAXC8Z9VAQJEYJPI')).toBeNull(); // I is not Crockford base32
  });
});

describe('proposedCursor', () => {
  const writtenAt = new Date(NOW);

  it('an event target resumes after the event; its created_at comes from the flag, else the id', () => {
    const fromId = proposedCursor('conn', { kind: 'event', eventId: REAL_ID }, writtenAt);
    expect(fromId).toEqual({ connector: 'conn', event_id: REAL_ID, event_created_at: '2025-12-24T20:02:23.220Z', written_at: '2025-06-01T00:00:00.000Z' });
    const given = proposedCursor('conn', { kind: 'event', eventId: REAL_ID, createdAt: '2025-12-24T20:02:23.221Z' }, writtenAt);
    expect(given.event_created_at).toBe('2025-12-24T20:02:23.221Z');
    expect(proposedCursor('conn', { kind: 'event', eventId: 'event_01234ABCD' }, writtenAt).event_created_at).toBeNull();
    expect(isCursorRecord(fromId)).toBe(true);
  });

  it('a time target is a time-only cursor (no event id), which the connector reads with range_start', () => {
    const cursor = proposedCursor('conn', { kind: 'time', at: new Date('2025-05-20T10:00:00Z') }, writtenAt);
    expect(cursor).toEqual({ connector: 'conn', event_id: null, event_created_at: '2025-05-20T10:00:00.000Z', written_at: '2025-06-01T00:00:00.000Z' });
    expect(isCursorRecord(cursor)).toBe(true);
  });
});

describe('describeCursor', () => {
  it('says where each kind of cursor resumes', () => {
    expect(describeCursor(null)).toMatch(/none stored/);
    expect(describeCursor({ connector: 'c', event_id: 'event_1', event_created_at: '2025-01-01T00:00:00Z', written_at: 'w' })).toMatch(/^after event_1 \(created 2025-01-01T00:00:00Z\)/);
    expect(describeCursor({ connector: 'c', event_id: null, event_created_at: '2025-01-01T00:00:00Z', written_at: 'w' })).toMatch(/^from 2025-01-01T00:00:00Z by time/);
  });
});

describe('loadCursorResetConfig', () => {
  it('needs no WorkOS key and uses the connector defaults', () => {
    const config = loadCursorResetConfig({ KAFKA_BROKERS: 'localhost:9092' });
    expect(config).toMatchObject({
      KAFKA_BROKERS: ['localhost:9092'],
      CONNECTOR_NAME: 'workos-events',
      WORKOS_CURSOR_TOPIC: 'workos.cursor',
      WORKOS_EVENTS_TOPIC: 'workos.events',
      LOG_LEVEL: 'warn',
    });
    expect(config).not.toHaveProperty('WORKOS_API_KEY');
  });

  it('reports every bad variable at once', () => {
    const load = (): unknown => loadCursorResetConfig({ CONNECTOR_NAME: 'has space', SCHEMA_REGISTRY_URL: 'not a url' });
    expect(load).toThrow(/KAFKA_BROKERS: is required/);
    expect(load).toThrow(/CONNECTOR_NAME: /);
    expect(load).toThrow(/SCHEMA_REGISTRY_URL: /);
  });
});

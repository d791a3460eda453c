import { describe, expect, it } from 'vitest';
import { statusLines, type StatusReport } from '../../../cli/status-command.js';

describe('statusLines', () => {
  it('writes the cursor age for people, names the active replica, lag per partition and dead letters', () => {
    const report: StatusReport = {
      cursor: { connector: 'c', event_id: 'event_1', event_created_at: '2026-11-25T00:00:00.000Z', age_seconds: 568_536.6, written_at: '2026-12-02T00:00:00.000Z' },
      replicas: { state: 'Stable', active: { clientId: 'workos-kafka-connector.host-a.7', clientHost: '10.0.0.5', active: true }, standby: 2 },
      groups: [{ group: 'workos-directory-mirror', lag: 3, partitions: { '0': 1, '1': 2 }, dead_letters: 4 }],
      warnings: ['events topic workos.events has max.message.bytes=1048576'],
      effects: { kind: 'counted', database: 'SQLite consumers.sqlite', started: 2, failed: 1, done: 40 },
    };
    expect(statusLines('c', report)).toEqual([
      'cursor c: event_1 created_at 2026-11-25T00:00:00.000Z (6 d 13 h old), written 2026-12-02T00:00:00.000Z',
      'replicas of c: active workos-kafka-connector.host-a.7 at 10.0.0.5, 2 standing by',
      'warning: events topic workos.events has max.message.bytes=1048576',
      'group workos-directory-mirror: lag 3 (p0=1 p1=2)',
      '  dead letters in workos-directory-mirror.dlq: 4',
      'effects in SQLite consumers.sqlite: 2 in doubt or in flight, 1 failed (see workos-kafka effects); 40 done',
    ]);
  });

  it('says why there is no cursor and that no replica runs', () => {
    const lines = statusLines('c', {
      cursor: null,
      cursor_missing: 'cursor topic workos.cursor does not exist (the connector has not run)',
      replicas: { state: 'Dead', active: null, standby: 0 },
      groups: [],
      warnings: [],
      effects: { kind: 'unavailable', reason: 'no notifier database at SQLITE_PATH=x.sqlite' },
    });
    expect(lines).toEqual(['cursor topic workos.cursor does not exist (the connector has not run)', 'replicas of c: none running', 'effects: no notifier database at SQLITE_PATH=x.sqlite']);
  });
});

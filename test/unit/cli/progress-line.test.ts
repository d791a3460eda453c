/**
 * The embedded demo's progress line (cli/progress-line.ts): event figures normally, and the
 * snapshot's own figures in their place while a snapshot of WorkOS state runs.
 */
import { describe, expect, it } from 'vitest';
import type { SnapshotActivity } from '../../../connector/create-connector.js';
import { formatProgress, snapshotFigures, type ProgressFigures } from '../../../cli/progress-line.js';

const BASE: ProgressFigures = {
  servedByWorkos: 12_600,
  published: 5_120,
  publishedPerSecond: 409.6,
  secondsBehind: 0.84,
  lagByGroup: { mirror: 0, notifier: null },
  mirrorRows: { organizations: 8, users: 1_204, connections: 0 },
  effectsDone: 3,
};

describe('formatProgress', () => {
  it('shows the events published, the rate and how far behind without a snapshot', () => {
    expect(formatProgress(BASE)).toBe(
      'WorkOS 12,600 events · published 5,120 (410/s) · 0.8 s behind · lag mirror 0, notifier ? · mirror 8 organizations, 1,204 users · effects 3',
    );
    expect(formatProgress({ ...BASE, snapshot: null })).toBe(formatProgress(BASE));
  });

  it('shows the snapshot (entities published, their rate, list requests) instead of the events while one runs', () => {
    const line = formatProgress({ ...BASE, snapshot: { entities: 21_667, entitiesPerSecond: 512.4, listRequests: 1_960 } });
    expect(line).toBe(
      'WorkOS 12,600 events · snapshot of WorkOS state: 21,667 entities published (512/s) · 1,960 list requests · lag mirror 0, notifier ? · mirror 8 organizations, 1,204 users · effects 3',
    );
    expect(line).not.toContain('published 5,120');
    expect(line).not.toContain('behind');
  });

  it('says when no event has been published yet', () => {
    expect(formatProgress({ ...BASE, published: 0, publishedPerSecond: 0, secondsBehind: null, mirrorRows: {} })).toContain('published 0 (0/s) · no events yet · lag mirror 0, notifier ? · mirror empty');
  });
});

describe('snapshotFigures', () => {
  const running: SnapshotActivity = { id: 'snapshot_01J', startedAtMs: 0, rows: 3_000, requests: 250, done: false };

  it('is null before a snapshot committed its first step, and once it finished', () => {
    expect(snapshotFigures({ ...running, id: null, rows: 0, requests: 0 }, 0, 2_000)).toBeNull();
    expect(snapshotFigures({ ...running, done: true }, 2_000, 2_000)).toBeNull();
  });

  it('gives the entities, the list requests and the rate since the line before while one runs', () => {
    expect(snapshotFigures(running, 2_000, 2_000)).toEqual({ entities: 3_000, entitiesPerSecond: 500, listRequests: 250 });
  });

  it('never gives a negative rate when a new snapshot starts after one finished', () => {
    expect(snapshotFigures({ ...running, id: 'snapshot_02K', rows: 40 }, 3_000, 1_000)?.entitiesPerSecond).toBe(0);
  });
});

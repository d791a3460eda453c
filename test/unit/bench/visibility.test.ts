import { describe, expect, it } from 'vitest';
import { allVisible, lastIdPerPartition, ProgressLog, visibilityLatencies, type OfferedEvents } from '../../../bench/visibility.js';

// Ids sort in stream order, as event ids (ULIDs) do.
const offered: OfferedEvents = {
  ids: ['e01', 'e02', 'e03', 'e04', 'e05'],
  visibleAtMs: [1000, 1001, 1002, 1003, 1004],
  partitions: [0, 1, 0, 1, 0],
};

describe('ProgressLog and visibilityLatencies', () => {
  it('times each event by the first poll that showed its partition at or past it', () => {
    const log = new ProgressLog();
    log.observe([{ partition: 0, eventId: 'e00' }], 1005);
    log.observe([{ partition: 0, eventId: 'e01' }, { partition: 1, eventId: 'e02' }], 1020);
    log.observe([{ partition: 0, eventId: 'e01' }, { partition: 1, eventId: 'e02' }], 1022);
    // e03 is skipped over by the polls: e05 applied in the same gap.
    log.observe([{ partition: 0, eventId: 'e05' }, { partition: 1, eventId: 'e04' }], 1040);
    expect(visibilityLatencies(offered, log)).toEqual({ latenciesMs: [20, 19, 38, 37, 36], unseen: 0 });
    expect(allVisible(lastIdPerPartition(offered), log)).toBe(true);
    // The steady-state percentiles: only the events appended from a given moment on.
    expect(visibilityLatencies(offered, log, offered.visibleAtMs[2])).toEqual({ latenciesMs: [38, 37, 36], unseen: 0 });
  });

  it('counts events whose partition never got there as unseen', () => {
    const log = new ProgressLog();
    log.observe([{ partition: 0, eventId: 'e03' }, { partition: 1, eventId: 'e02' }], 1050);
    expect(visibilityLatencies(offered, log)).toEqual({ latenciesMs: [50, 49, 48], unseen: 2 });
    expect(allVisible(lastIdPerPartition(offered), log)).toBe(false);
  });

  it('keeps the running maximum when a re-applied older event moves a row back', () => {
    const log = new ProgressLog();
    log.observe([{ partition: 0, eventId: 'e03' }], 1010);
    log.observe([{ partition: 0, eventId: 'e01' }], 1020);
    log.observe([{ partition: 0, eventId: 'e05' }], 1030);
    expect(log.applied(0)).toBe('e05');
    expect(log.seenAt(0, 'e01')).toBe(1010);
    expect(log.seenAt(0, 'e04')).toBe(1030);
    expect(log.seenAt(0, 'e06')).toBeUndefined();
    expect(log.seenAt(7, 'e01')).toBeUndefined();
  });

  it('measures its own pace', () => {
    const log = new ProgressLog();
    expect(log.pace().polls).toBe(0);
    for (const at of [100, 102, 104, 110]) log.observe([], at);
    expect(log.pace()).toEqual({ polls: 4, meanGapMs: 10 / 3, p99GapMs: expect.closeTo(5.92, 5) as number, maxGapMs: 6 });
  });
});

describe('lastIdPerPartition', () => {
  it('is the highest id of each partition', () => {
    expect(lastIdPerPartition(offered)).toEqual(new Map([[0, 'e05'], [1, 'e04']]));
    expect(lastIdPerPartition({ ids: [], visibleAtMs: [], partitions: [] }).size).toBe(0);
  });
});
